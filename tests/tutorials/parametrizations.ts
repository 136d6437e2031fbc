// intermediate_source/parametrizations.py, line by line. Seeded.
// As in the twin: torch.linalg.solve for the removed torch.solve, (a - b).norm() for torch.dist.
import assert from 'node:assert/strict';
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { print } from './py.js';

const { nn } = torch;
const parametrize = nn.utils.parametrize;

torch.manual_seed(0);

function symmetric(X: Tensor): Tensor {
  return X.triu().add(X.triu(1).transpose(-1, -2));
}

let X = torch.rand(3, 3);
let A = symmetric(X);
assert.ok(torch.allclose(A, A.T)); // A is symmetric
console.log(A); // Quick visual check

class LinearSymmetric extends nn.Module {
  weight: torch.nn.Parameter;
  constructor(n_features: number) {
    super();
    this.weight = new nn.Parameter(torch.rand(n_features, n_features));
  }

  forward(x: Tensor): Tensor {
    const A = symmetric(this.weight);
    return x.matmul(A);
  }
}

let layer: torch.nn.Module & { weight: Tensor } = new LinearSymmetric(3);
void layer.forward(torch.rand(8, 3));

class Symmetric extends nn.Module {
  forward(X: Tensor): Tensor {
    return X.triu().add(X.triu(1).transpose(-1, -2));
  }
}

layer = new nn.Linear(3, 3);
parametrize.register_parametrization(layer, 'weight', new Symmetric());

A = layer.weight;
assert.ok(torch.allclose(A, A.T)); // A is symmetric
console.log(A); // Quick visual check

// The tutorial defines Skew and CayleyMap twice, the second time with right_inverse.
let Skew: new () => torch.nn.Module = class Skew extends nn.Module {
  forward(X: Tensor): Tensor {
    const A = X.triu(1);
    return A.sub(A.transpose(-1, -2));
  }
};

const cnn = new nn.Conv2d({ in_channels: 5, out_channels: 8, kernel_size: 3 });
parametrize.register_parametrization(cnn, 'weight', new Skew());
// Print a few kernels
console.log(cnn.weight.index(0, 1));
console.log(cnn.weight.index(2, 2));

layer = new nn.Linear(3, 3);
console.log(`Unparametrized:\n${layer}`);
const p = parametrize.register_parametrization(layer, 'weight', new Symmetric());
console.log(`\nParametrized:\n${layer}`);

console.log(p.parametrizations);
console.log(p.parametrizations.weight);

console.log(p.parametrizations.weight.at(0));

print(Object.fromEntries(layer.named_parameters()));

console.log(p.parametrizations.weight.original);

const symmetricModule = new Symmetric();
const weight_orig = p.parametrizations.weight.original;
console.log(layer.weight.sub(symmetricModule.forward(weight_orig)).norm());

class NoisyParametrization extends nn.Module {
  forward(X: Tensor): Tensor {
    console.log('Computing the Parametrization');
    return X;
  }
}

layer = new nn.Linear(4, 4);
parametrize.register_parametrization(layer, 'weight', new NoisyParametrization());
console.log('Here, layer.weight is recomputed every time we call it');
let foo = layer.weight.add(layer.weight.T);
let bar = layer.weight.sum();
parametrize.cached(() => {
  console.log('Here, it is computed just the first time layer.weight is called');
  foo = layer.weight.add(layer.weight.T);
  bar = layer.weight.sum();
});
void foo;
void bar;

let CayleyMap: new (n: number) => torch.nn.Module = class CayleyMap extends nn.Module {
  declare Id: Tensor;
  constructor(n: number) {
    super();
    this.register_buffer('Id', torch.eye(n));
  }

  forward(X: Tensor): Tensor {
    // (I + X)(I - X)^{-1}
    return torch.linalg.solve(this.Id.sub(X), this.Id.add(X));
  }
};

layer = new nn.Linear(3, 3);
parametrize.register_parametrization(layer, 'weight', new Skew());
parametrize.register_parametrization(layer, 'weight', new CayleyMap(3));
X = layer.weight;
console.log(X.T.matmul(X).sub(torch.eye(3)).norm()); // X is orthogonal

class MatrixExponential extends nn.Module {
  forward(X: Tensor): Tensor {
    return torch.matrix_exp(X);
  }
}

let layer_orthogonal: torch.nn.Module & { weight: Tensor } = new nn.Linear(3, 3);
parametrize.register_parametrization(layer_orthogonal, 'weight', new Skew());
parametrize.register_parametrization(layer_orthogonal, 'weight', new MatrixExponential());
X = layer_orthogonal.weight;
console.log(X.T.matmul(X).sub(torch.eye(3)).norm()); // X is orthogonal

const layer_spd = new nn.Linear(3, 3);
parametrize.register_parametrization(layer_spd, 'weight', new Symmetric());
parametrize.register_parametrization(layer_spd, 'weight', new MatrixExponential());
X = layer_spd.weight;
console.log(X.sub(X.T).norm()); // X is symmetric
console.log(torch.linalg.eigvalsh(X).gt(0).all()); // X is positive definite

Skew = class Skew extends nn.Module {
  forward(X: Tensor): Tensor {
    const A = X.triu(1);
    return A.sub(A.transpose(-1, -2));
  }

  right_inverse(A: Tensor): Tensor {
    // We assume that A is skew-symmetric
    // We take the upper-triangular elements, as these are those used in the forward
    return A.triu(1);
  }
};

layer = new nn.Linear(3, 3);
parametrize.register_parametrization(layer, 'weight', new Skew());
X = torch.rand(3, 3);
X = X.sub(X.T); // X is now skew-symmetric
layer.weight = X; // Initialize layer.weight to be X
console.log(layer.weight.sub(X).norm()); // layer.weight == X

CayleyMap = class CayleyMap extends nn.Module {
  declare Id: Tensor;
  constructor(n: number) {
    super();
    this.register_buffer('Id', torch.eye(n));
  }

  forward(X: Tensor): Tensor {
    // Assume X skew-symmetric
    // (I + X)(I - X)^{-1}
    return torch.linalg.solve(this.Id.sub(X), this.Id.add(X));
  }

  right_inverse(A: Tensor): Tensor {
    // Assume A orthogonal
    // See https://en.wikipedia.org/wiki/Cayley_transform#Matrix_map
    // (X - I)(X + I)^{-1}  (X, not A, as in the tutorial)
    void A;
    return torch.linalg.solve(this.Id.add(X), X.sub(this.Id));
  }
};

layer_orthogonal = new nn.Linear(3, 3);
parametrize.register_parametrization(layer_orthogonal, 'weight', new Skew());
parametrize.register_parametrization(layer_orthogonal, 'weight', new CayleyMap(3));
// Sample an orthogonal matrix with positive determinant
X = torch.empty(3, 3);
nn.init.orthogonal_(X);
if ((X.det().item() as number) < 0) X.select(0, 0).neg_();
layer_orthogonal.weight = X;
console.log(layer_orthogonal.weight.sub(X).norm()); // layer_orthogonal.weight == X

layer_orthogonal.weight = nn.init.orthogonal_(layer_orthogonal.weight);

class PruningParametrization extends nn.Module {
  mask: Tensor;
  constructor(X: Tensor, p_drop = 0.2) {
    super();
    // sample zeros with probability p_drop
    const mask = torch.full_like(X, 1.0 - p_drop);
    this.mask = torch.bernoulli(mask);
  }

  forward(X: Tensor): Tensor {
    return X.mul(this.mask);
  }

  right_inverse(A: Tensor): Tensor {
    return A;
  }
}

layer = new nn.Linear(3, 4);
X = torch.rand_like(layer.weight);
console.log(`Initialization matrix:\n${X}`);
parametrize.register_parametrization(layer, 'weight', new PruningParametrization(layer.weight));
layer.weight = X;
console.log(`\nInitialized weight:\n${layer.weight}`);

for (const leave_parametrized of [true, false]) {
  layer = new nn.Linear(3, 3);
  console.log('Before:');
  console.log(layer);
  console.log(layer.weight);
  parametrize.register_parametrization(layer, 'weight', new Skew());
  console.log('\nParametrized:');
  console.log(layer);
  console.log(layer.weight);
  parametrize.remove_parametrizations(layer, 'weight', leave_parametrized);
  console.log(
    leave_parametrized
      ? '\nAfter. Weight has skew-symmetric values but it is unconstrained:'
      : '\nAfter. Same as Before:',
  );
  console.log(layer);
  console.log(layer.weight);
}
