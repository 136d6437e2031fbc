# intermediate_source/per_sample_grads.py, line by line. Seeded (as the tutorial is), on the CPU
# (device = 'cpu' for 'cuda'), with a minibatch of 8 (the tutorial's 64 runs 64 separate forward
# and backward passes of the CNN). The torch.utils.benchmark timings and get_perf are dropped
# (tests never time things); lines marked "Extra" print what the tutorial computes.
# PyTorch 1.13 substitutions: torch.func's vmap and grad are functorch's; torch.func.functional_call
# is torch.nn.utils.stateless.functional_call, which takes one dict (not a tuple of dicts).
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)

class SimpleCNN(nn.Module):
    def __init__(self):
        super(SimpleCNN, self).__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, 1)
        self.conv2 = nn.Conv2d(32, 64, 3, 1)
        self.fc1 = nn.Linear(9216, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = self.conv1(x)
        x = F.relu(x)
        x = self.conv2(x)
        x = F.relu(x)
        x = F.max_pool2d(x, 2)
        x = torch.flatten(x, 1)
        x = self.fc1(x)
        x = F.relu(x)
        x = self.fc2(x)
        output = F.log_softmax(x, dim=1)
        output = x
        return output

def loss_fn(predictions, targets):
    return F.nll_loss(predictions, targets)

device = 'cpu'

num_models = 10
batch_size = 8
data = torch.randn(batch_size, 1, 28, 28, device=device)

targets = torch.randint(10, (batch_size,), device=device)

model = SimpleCNN().to(device=device)
predictions = model(data)  # move the entire mini-batch through the model

loss = loss_fn(predictions, targets)
loss.backward()  # back propagate the 'average' gradient of this mini-batch
print(loss, model.fc2.bias.grad, sep='\n')  # Extra

def compute_grad(sample, target):
    sample = sample.unsqueeze(0)  # prepend batch dimension for processing
    target = target.unsqueeze(0)

    prediction = model(sample)
    loss = loss_fn(prediction, target)

    return torch.autograd.grad(loss, list(model.parameters()))


def compute_sample_grads(data, targets):
    """ manually process each sample with per sample gradient """
    sample_grads = [compute_grad(data[i], targets[i]) for i in range(batch_size)]
    sample_grads = zip(*sample_grads)
    sample_grads = [torch.stack(shards) for shards in sample_grads]
    return sample_grads

per_sample_grads = compute_sample_grads(data, targets)

print(per_sample_grads[0].shape)
print(len(per_sample_grads), per_sample_grads[-1][:3])  # Extra

from functorch import vmap, grad  # torch.func's, in PyTorch 2
from torch.nn.utils.stateless import functional_call  # torch.func.functional_call, in PyTorch 2

params = {k: v.detach() for k, v in model.named_parameters()}
buffers = {k: v.detach() for k, v in model.named_buffers()}

def compute_loss(params, buffers, sample, target):
    batch = sample.unsqueeze(0)
    targets = target.unsqueeze(0)

    predictions = functional_call(model, {**params, **buffers}, (batch,))  # (params, buffers) in PyTorch 2
    loss = loss_fn(predictions, targets)
    return loss

ft_compute_grad = grad(compute_loss)

ft_compute_sample_grad = vmap(ft_compute_grad, in_dims=(None, None, 0, 0))

ft_per_sample_grads = ft_compute_sample_grad(params, buffers, data, targets)

for per_sample_grad, ft_per_sample_grad in zip(per_sample_grads, ft_per_sample_grads.values()):
    assert torch.allclose(per_sample_grad, ft_per_sample_grad, atol=3e-3, rtol=1e-5)

print(list(ft_per_sample_grads.keys()))  # Extra
print([tuple(g.shape) for g in ft_per_sample_grads.values()])  # Extra
print(ft_per_sample_grads['fc2.bias'][:3])  # Extra
print(ft_per_sample_grads['conv1.bias'][0, :6])  # Extra
print(ft_per_sample_grads['fc2.bias'].mean(0))  # Extra: the mean per-sample gradient is the batch's
