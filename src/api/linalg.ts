// torch.linalg: the norms (linalg.vector_norm, matrix_norm, norm), declared beside their
// implementations in src/ops/linalg_extra.ts as linalg_<name>, under PyTorch's names for them in
// argument errors (linalg_vector_norm()).

export {
  linalg_vector_norm as vector_norm,
  linalg_matrix_norm as matrix_norm,
  linalg_norm as norm,
} from '../ops/linalg_extra.js';
