// loss.svg: training and validation loss per epoch, with the MNIST example's plotting helper.

import { panelsSvg } from '../train/plot.js';

export function lossSvg(train: number[], val: number[], title: string): string {
  const format = (v: number): string => v.toFixed(2);
  return panelsSvg([
    { title: `${title}: training loss`, values: train, color: '#d62728', format },
    { title: 'validation loss', values: val, color: '#1f77b4', format },
  ]);
}
