// The twin of tests/tutorials/fashion.py: a small deterministic stand-in for FashionMNIST.
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';

export class FashionMNIST extends torch.utils.data.Dataset<[Tensor, number]> {
  readonly data: Tensor;
  readonly targets: Tensor;
  constructor(opts: { root?: string; train?: boolean; download?: boolean; transform?: unknown; size?: number }) {
    super();
    const train = opts.train ?? true;
    const g = new torch.Generator().manual_seed(train ? 1 : 2);
    const n = opts.size ?? (train ? 640 : 160);
    this.data = torch.rand([n, 1, 28, 28], { generator: g });
    this.targets = this.data.index(':', 0, '10:20', '4:24').reshape(n, 10, -1).mean(2).argmax(1);
  }

  get length(): number {
    return this.targets.shape[0];
  }

  get(idx: number): [Tensor, number] {
    return [this.data.select(0, idx), Number(this.targets.select(0, idx).item())];
  }
}
