// loss.svg: training and validation loss per epoch, drawn by torch.viz.curves.

import * as torch from '../../src/index.js';

export function lossSvg(train: number[], val: number[], title: string): string {
  return torch.viz.curves(train, { validation: val, title }).svg;
}
