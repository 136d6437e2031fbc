# intermediate_source/ensembling.py, line by line. Seeded (as the tutorial is), on the CPU
# (device = 'cpu' for 'cuda'). The torch.utils.benchmark timings are dropped (tests never time
# things); lines marked "Extra" print what the tutorial computes.
# PyTorch 1.13 substitutions: torch.vmap is functorch.vmap; torch.func.functional_call is
# torch.nn.utils.stateless.functional_call, which takes one dict (not a tuple of dicts);
# torch.func.stack_module_state is written out below as PyTorch 2 defines it.
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)

class SimpleMLP(nn.Module):
    def __init__(self):
        super(SimpleMLP, self).__init__()
        self.fc1 = nn.Linear(784, 128)
        self.fc2 = nn.Linear(128, 128)
        self.fc3 = nn.Linear(128, 10)

    def forward(self, x):
        x = x.flatten(1)
        x = self.fc1(x)
        x = F.relu(x)
        x = self.fc2(x)
        x = F.relu(x)
        x = self.fc3(x)
        return x

device = 'cpu'
num_models = 10

data = torch.randn(100, 64, 1, 28, 28, device=device)
targets = torch.randint(10, (6400,), device=device)

models = [SimpleMLP().to(device) for _ in range(num_models)]

minibatches = data[:num_models]
predictions_diff_minibatch_loop = [model(minibatch) for model, minibatch in zip(models, minibatches)]

minibatch = data[0]
predictions2 = [model(minibatch) for model in models]
print(predictions2[0][:2], predictions2[9][0], sep='\n')  # Extra

def stack_module_state(models):  # torch.func.stack_module_state, in PyTorch 2
    def construct_stacked_leaf(tensors):
        result = torch.stack(tensors)
        return result.detach().requires_grad_() if all(t.requires_grad for t in tensors) else result
    all_params = [dict(model.named_parameters()) for model in models]
    all_buffers = [dict(model.named_buffers()) for model in models]
    params = {k: construct_stacked_leaf(tuple(p[k] for p in all_params)) for k in all_params[0]}
    buffers = {k: construct_stacked_leaf(tuple(b[k] for b in all_buffers)) for k in all_buffers[0]}
    return params, buffers

params, buffers = stack_module_state(models)
print({k: tuple(v.shape) for k, v in params.items()}, buffers)  # Extra

from torch.nn.utils.stateless import functional_call  # torch.func.functional_call, in PyTorch 2
import copy

base_model = copy.deepcopy(models[0])
base_model = base_model.to('meta')

def fmodel(params, buffers, x):
    return functional_call(base_model, {**params, **buffers}, (x,))  # (params, buffers) in PyTorch 2

print([p.size(0) for p in params.values()]) # show the leading 'num_models' dimension

assert minibatches.shape == (num_models, 64, 1, 28, 28) # verify minibatch has leading dimension of size 'num_models'

from functorch import vmap  # torch.vmap, in PyTorch 2

predictions1_vmap = vmap(fmodel)(params, buffers, minibatches)

assert torch.allclose(predictions1_vmap, torch.stack(predictions_diff_minibatch_loop), atol=1e-3, rtol=1e-5)
print(predictions1_vmap.shape, predictions1_vmap[3, :2], sep='\n')  # Extra

predictions2_vmap = vmap(fmodel, in_dims=(0, 0, None))(params, buffers, minibatch)

assert torch.allclose(predictions2_vmap, torch.stack(predictions2), atol=1e-3, rtol=1e-5)
print(predictions2_vmap[9, 0])  # Extra
print(predictions2_vmap.argmax(-1)[:, :8])  # Extra: the ten models' predicted classes
