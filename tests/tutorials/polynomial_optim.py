# beginner_source/examples_nn/polynomial_optim.py, line by line. Seeded for determinism.
import torch
import math

torch.manual_seed(0)

x = torch.linspace(-math.pi, math.pi, 2000)
y = torch.sin(x)

p = torch.tensor([1, 2, 3])
xx = x.unsqueeze(-1).pow(p)

model = torch.nn.Sequential(
    torch.nn.Linear(3, 1),
    torch.nn.Flatten(0, 1)
)
loss_fn = torch.nn.MSELoss(reduction='sum')

learning_rate = 1e-6
optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)
print(optimizer)
for t in range(2000):
    y_pred = model(xx)

    loss = loss_fn(y_pred, y)
    if t % 100 == 99:
        print(t, loss.item())

    optimizer.zero_grad()

    loss.backward()

    optimizer.step()


linear_layer = model[0]
print(f'Result: y = {linear_layer.bias.item()} + {linear_layer.weight[:, 0].item()} x + {linear_layer.weight[:, 1].item()} x^2 + {linear_layer.weight[:, 2].item()} x^3')

# The docstring's alternative: Adam (RMSprop too), a few steps each.
for opt in (torch.optim.Adam(model.parameters(), lr=1e-4), torch.optim.RMSprop(model.parameters(), lr=1e-5)):
    print(opt)
    for t in range(100):
        loss = loss_fn(model(xx), y)
        if t % 25 == 24:
            print(t, loss.item())
        opt.zero_grad()
        loss.backward()
        opt.step()
