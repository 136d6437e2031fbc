// torch.nn.utils.rnn.pad_sequence (PackedSequence and pack_padded_sequence are not provided).

import { Tensor } from '../../tensor/tensor.js';
import { full } from '../../tensor/creation.js';
import { cat, stack } from '../../api/torch.js';
import { jsTypeName } from '../../tensor/argcheck.js';

export interface PadSequenceOpts {
  batch_first?: boolean;
  padding_value?: number;
  /** PyTorch 2.6's option: pad after ('right', the default) or before ('left') each sequence. */
  padding_side?: 'right' | 'left';
}

/**
 * Stacks variable-length sequences (each [L_i, *]) into one tensor [T, B, *] (or [B, T, *] with
 * batch_first), T the longest length, padding with padding_value. Differentiable (cat + stack);
 * the result has the first sequence's dtype.
 */
export function pad_sequence(
  sequences: Tensor | readonly Tensor[],
  batch_first: boolean | PadSequenceOpts = false,
  padding_value = 0,
  padding_side: 'right' | 'left' = 'right',
): Tensor {
  const o: PadSequenceOpts =
    typeof batch_first === 'object' && batch_first !== null
      ? batch_first
      : { batch_first, padding_value, padding_side };
  const side = o.padding_side ?? 'right';
  if (side !== 'right' && side !== 'left') {
    throw new RangeError(`Expected padding_side to be one of left or right, but got ${String(side)}.`);
  }
  const seqs = sequences instanceof Tensor ? sequences.unbind(0) : sequences;
  if (!Array.isArray(seqs)) {
    throw new TypeError(
      `pad_sequence: Expected iterable for input sequences, but got arg of type: ${jsTypeName(seqs)}`,
    );
  }
  for (const s of seqs) {
    if (!(s instanceof Tensor)) {
      throw new TypeError(`pad_sequence(): argument 'sequences' must be tuple of Tensors, not ${jsTypeName(s)}`);
    }
  }
  if (seqs.length === 0) throw new RangeError('received an empty list of sequences');
  const first = seqs[0];
  const trailing: number[] = [...first.shape].slice(1);
  const maxLen = Math.max(...seqs.map((s) => s.size(0)));
  const padded = seqs.map((s) => {
    const shape: number[] = [...s.shape].slice(1);
    const bad = shape.findIndex((v, i) => v !== trailing[i]);
    if (bad >= 0 || shape.length !== trailing.length) {
      const d = bad >= 0 ? bad : 0;
      throw new RangeError(
        `The size of tensor a (${trailing[d]}) must match the size of tensor b (${shape[d]}) at non-singleton dimension ${d + 1}`,
      );
    }
    const x = s.dtype === first.dtype ? s : s.to(first.dtype);
    if (s.size(0) === maxLen) return x;
    const pad = full([maxLen - s.size(0), ...trailing], o.padding_value ?? 0, { dtype: first.dtype });
    return side === 'right' ? cat([x, pad], 0) : cat([pad, x], 0);
  });
  return stack(padded, o.batch_first ? 0 : 1);
}
