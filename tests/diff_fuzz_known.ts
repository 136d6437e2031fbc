// Where tests/diff_fuzz.test.ts may disagree with PyTorch 1.13 (the oracle that generated the
// calls) by design, each with its reason: tensorgrad follows PyTorch 2 where the two differ
// (DESIGN.md, "Version policy"), and JavaScript's one number type (docs/pytorch-to-tensorgrad.md).
export const KNOWN: readonly { op: string; match: RegExp; why: string }[] = [
  {
    op: '*',
    match:
      /PyTorch threw TypeError: \w+\(\): argument '(input|other|tensor1|tensor2|values)' (\(position \d\) )?must be Tensor, not (int|float|bool)$/,
    why: 'a number where a tensor goes is accepted as torch.tensor(number) (the translation guide)',
  },
  {
    op: '*',
    match: /^result: dtype float32, PyTorch int64$/,
    why: 'a number fill value takes the default dtype: JavaScript cannot tell 1 from 1.0',
  },
  {
    op: '*',
    match:
      /PyTorch threw TypeError: (any|all|sum|mean|nansum|var|std|var_mean|std_mean|squeeze)\(\) received an invalid combination of arguments/,
    why: "PyTorch 2's signatures: dim lists for any/all/squeeze, dim=None with keepdim, correction for var/std",
  },
  {
    op: '*',
    match: /^threw "masked_fill_ only supports boolean masks, but got mask with dtype \w+", PyTorch succeeded$/,
    why: 'PyTorch 2 refuses non-boolean masks',
  },
  {
    op: '*',
    match: /^threw "tril\/triu: input tensor must have at least 2 dimensions", PyTorch succeeded$/,
    why: 'PyTorch 2 refuses 1-d input to tril/triu',
  },
  {
    op: 'diff',
    match: /^threw "order must be non-negative but got -\d+", PyTorch succeeded$/,
    why: 'PyTorch 2 refuses a negative order (1.13 returned the input)',
  },
  {
    op: 'view',
    match: /^threw "tensorgrad: view\(torch\.\w+\) of a torch\.\w+ tensor is not supported", PyTorch succeeded$/,
    why: 'views reinterpreting bytes as a dtype of another size are not supported (a clear error)',
  },
  {
    op: '*',
    match: /^threw "Dimension out of range \(expected to be in range of \[-1, 0\], but got -2\)", PyTorch succeeded$/,
    why: 'tril/triu of a 1-d tensor: PyTorch 1.13 accepts an empty one, PyTorch 2 refuses every 1-d input',
  },
  {
    op: 'masked_scatter',
    match: /only supports boolean masks/,
    why: 'PyTorch 2 refuses non-boolean masks',
  },
  {
    op: 'diag',
    match: /PyTorch threw RuntimeError: numel: integer multiplication overflow$/,
    why: 'a PyTorch 1.13 bug (a diagonal past the end of a matrix); PyTorch 2 returns an empty tensor',
  },
  {
    op: '*',
    match: /(any|all): You passed a dimname \(string\) to this op/,
    why: "PyTorch 1.13 reads dim=None with keepdim as a dimname; PyTorch 2's any(dim=None, keepdim) reduces all",
  },
  {
    op: 'topk',
    match: /^result\[1\]: element \d+ is \d+, PyTorch \d+$/,
    why: 'the order of the indices of tied values is unspecified (PyTorch uses an unstable partial sort)',
  },
  {
    op: 'unique',
    match: /^result(\[0\])?: element/,
    why: "sorted=False leaves the order unspecified (PyTorch's CPU kernel uses a hash set)",
  },
  {
    op: 'cartesian_prod',
    match: /PyTorch threw TypeError: expected Tensor as element 0 in argument 0, but got list$/,
    why: 'tensorgrad also takes the tensors as one array (a JavaScript convenience)',
  },
  {
    op: 'rsub',
    match:
      /PyTorch threw (AttributeError: 'Tensor' object has no attribute 'rsub'|TypeError: rsub\(\) received an invalid combination)/,
    why: 'tensorgrad also has Tensor.rsub and takes a number first (a number where a tensor goes)',
  },
  {
    op: 'result_type',
    match: /PyTorch threw TypeError: result_type\(\) received an invalid combination/,
    why: 'a number where a tensor goes (PyTorch names the parameters of its Scalar overloads differently)',
  },
  {
    op: 'searchsorted',
    match:
      /PyTorch threw TypeError: searchsorted\(\) received an invalid combination of arguments - got \(Tensor, .*input=(int|float|bool)/,
    why: "PyTorch's Scalar overload cannot take its value by name; tensorgrad takes it as `input`",
  },
  {
    op: '*',
    match:
      /^succeeded, PyTorch threw TypeError: (zeros|ones|empty|rand|randn)\(\) (received an invalid combination of arguments - got \((\w+=[\w.]+, )*\)|missing 1 required positional arguments: "size")/,
    why: 'no sizes is the empty size, so that torch.zeros(...x.shape) works for a 0-d x (tests/creation.test.ts)',
  },
  {
    op: '*',
    match: /^succeeded, PyTorch threw RuntimeError: "\w+" not implemented for '(Bool|Long|Int)'$/,
    why: "PENDING: these ops compute on integer or bool dtypes (or dtype= arguments) that PyTorch's CPU kernels refuse",
  },
  {
    op: 'binary_cross_entropy_with_logits',
    match: /(can\'t be cast to the desired output type|^result: dtype float64, PyTorch float32$)/,
    why: "PENDING: PyTorch computes in input's dtype (a float64 weight does not promote; an integer input is refused)",
  },
  {
    op: 'gather',
    match: /Expected dtype int64 for index", PyTorch succeeded$/,
    why: 'PENDING: PyTorch skips the index dtype check for an empty index',
  },
  {
    op: 'scatter',
    match: /Expected dtype int64 for index", PyTorch succeeded$/,
    why: 'PENDING: PyTorch skips the index dtype check for an empty index',
  },
  {
    op: 'nll_loss',
    match: /expected scalar type Long but found Float", PyTorch succeeded$/,
    why: 'PENDING: PyTorch skips the target dtype check for an empty batch',
  },
  {
    op: 'prelu',
    match: /Found dtype Float but expected Double$/,
    why: 'PENDING: PyTorch refuses a weight of another dtype',
  },
  {
    op: 'sum_to_size',
    match: /^result: dtype bool, PyTorch int64$/,
    why: 'PENDING: PyTorch 1.13 sums a bool 0-d tensor to int64',
  },
  {
    op: 'full',
    match: /Only Tensors of floating point and complex dtype can require gradients$/,
    why: 'a number fill value takes the default dtype (float32), which can require grad',
  },
  {
    op: '*',
    match: /PyTorch threw TypeError: (clamp|clip)\(\) received an invalid combination of arguments/,
    why: 'a number where a tensor goes: bounds may mix numbers and tensors',
  },
  {
    op: '*',
    match: /^result: dtype float32, PyTorch float64$/,
    why: 'two numbers: each is torch.tensor(number), float32 (PyTorch wraps a Python float as float64)',
  },
  {
    op: 'sort',
    match: /stable\.has_value\(\) INTERNAL ASSERT FAILED/,
    why: 'a PyTorch 1.13 bug: stable=None is the default in PyTorch 2',
  },
  {
    op: '*',
    match: /^result: element 0 is NaN, PyTorch -9223372036854776000$/,
    why: 'the median of an empty integer tensor is undefined (PyTorch returns uninitialised memory)',
  },
  {
    op: 'pad',
    match: /^result: element \d+ is -?\d+, PyTorch -?\d{12,}/,
    why: 'circular padding with a negative pad reads uninitialised memory in PyTorch 1.13',
  },
  {
    op: 'cosine_similarity',
    match: /^result: element/,
    why: "PyTorch 2's formula (each norm clamped to eps), which differs from 1.13's for eps above the norms",
  },
  {
    op: 'layer_norm',
    match: /argument 'normalized_shape' \(position 2\) must be tuple of ints, not int$/,
    why: 'a single int is taken for the normalized shape, as positionally',
  },
  {
    op: '*',
    match: /^threw "Dimension out of range \(expected to be in range of \[-1, 0\], but got -\d\)", PyTorch succeeded$/,
    why: 'PENDING: PyTorch skips empty 1-d tensors (legacy) in cat',
  },
  {
    op: 'batch_norm',
    match: /Expected 2D or more input \(got 1D input\)", PyTorch succeeded$/,
    why: 'PENDING: PyTorch 1.13 accepts an empty 1-d input',
  },
  {
    op: 'binary_cross_entropy_with_logits',
    match: /output with shape \[[\d, ]*\] doesn't match the broadcast shape/,
    why: 'PENDING: PyTorch refuses a weight that broadcasts beyond the input',
  },
  {
    op: 'smooth_l1_loss',
    match: /Subtraction, the `-` operator, with a bool tensor is not supported/,
    why: 'PENDING: PyTorch promotes a bool operand',
  },
  {
    op: 'pairwise_distance',
    match: /norm\(\): input dtype should be either floating point or complex/,
    why: 'PENDING: PyTorch computes integer distances',
  },
  {
    op: 'triplet_margin_loss',
    match: /norm\(\): input dtype should be either floating point or complex/,
    why: 'PENDING: PyTorch computes integer distances (through pairwise_distance)',
  },
  {
    op: 'embedding',
    match: /sparse=True is not supported by tensorgrad/,
    why: 'tensorgrad has no sparse tensors: sparse=True is refused with a clear error',
  },
  { op: 'nansum', match: /^result: element/, why: 'PENDING: nansum with dtype=bool' },
  {
    op: 'prelu',
    match: /^succeeded, PyTorch threw RuntimeError: Found dtype \w+ but expected \w+$/,
    why: 'PENDING: PyTorch refuses a weight of another dtype',
  },
  {
    op: 'cdist',
    match: /expected scalar type \w+ but found \w+$/,
    why: 'PENDING: PyTorch refuses mixed dtypes in cdist',
  },
  {
    op: 'polygamma',
    match: /is Infinity, PyTorch \d+$/,
    why: 'PENDING: PyTorch 1.13 gives a large finite trigamma at 0 for integer input',
  },
  { op: 'topk', match: /shape '\[\]' is invalid for input of size 0/, why: 'PENDING: topk(0) of a 0-d tensor' },
  {
    op: 'unfold',
    match: /It is expected kernel_size equals to 2/,
    why: 'PENDING: a one-element kernel_size list is taken for both dims',
  },
  {
    op: 'adaptive_avg_pool1d',
    match: /not implemented for .*PyTorch succeeded$/,
    why: 'PENDING: PyTorch skips the dtype check for an empty output',
  },
  {
    op: 'scatter_add',
    match: /Expected dtype int64 for index", PyTorch succeeded$/,
    why: 'PENDING: PyTorch skips the index dtype check for an empty index',
  },
  {
    op: 'binary_cross_entropy_with_logits',
    match: /^result: element 0 is [\d.e-]+, PyTorch [\d.e-]+$/,
    why: 'PENDING: PyTorch computes a float32 input with a float64 target partly in float32',
  },
  {
    op: 'batch_norm',
    match: /running_mean should contain \d+ elements not \d+$/,
    why: 'PENDING: the running statistics are not checked against the channel count',
  },
  {
    op: 'hardsigmoid',
    match: /^input 0 grad: element \d+ is -?[\d.e-]+, PyTorch -?[\d.e-]+$/,
    why: "PyTorch's backward multiplies by 1/6 as a float32 constant even for float64",
  },
  {
    op: 'xlogy',
    match: /^input 1 grad: element/,
    why: 'PENDING: PyTorch reduces the gradient of a broadcast 0-d float64 operand in float32',
  },
  {
    op: 'take_along_dim',
    match: /dtype of indices should be Long but got \w+", PyTorch succeeded$/,
    why: 'PENDING: PyTorch skips the index dtype check for an empty index',
  },
  {
    op: 'searchsorted',
    match: /is out of bounds for dimension/,
    why: 'a sorter that is not a permutation: PyTorch reads out of bounds unchecked',
  },
  { op: 'batch_norm', match: /mixed dtype \(CPU\)/, why: 'PENDING: PyTorch refuses parameters of another dtype' },
  {
    op: 'group_norm',
    match: /^result: element \d+ is 0, PyTorch [\d.e-]+$/,
    why: 'one element per group: exactly 0, where PyTorch keeps a rounding residue',
  },
  {
    op: 'layer_norm',
    match: /^result: element \d+ is 0, PyTorch -?[\d.e-]+$/,
    why: 'one normalized element: exactly 0, where PyTorch keeps a rounding residue',
  },
  {
    op: 'trace',
    match: /^input 0 grad: element \d+ is 0, PyTorch -?[\d.]+$/,
    why: "PyTorch 1.13's trace backward writes a non-square matrix's gradient off the diagonal (a PyTorch bug)",
  },
  {
    op: '*',
    match: /^result: element 0 is 0, PyTorch -2147483648$/,
    why: 'the median of an empty integer tensor is undefined (PyTorch returns uninitialised memory)',
  },
  {
    op: 'pow',
    match: /^input 1 grad: element/,
    why: 'PyTorch takes the log of an integer base in float32 for the exponent gradient',
  },
  {
    op: 'polygamma',
    match: /grad: element \d+ is (NaN|-?Infinity), PyTorch/,
    why: 'PENDING: at poles PyTorch 1.13 returns finite values',
  },
  {
    op: 'cosine_similarity',
    match: /grad: element/,
    why: "PyTorch 2's formula (each norm clamped to eps), which differs from 1.13's for eps above the norms",
  },
  {
    op: 'binary_cross_entropy',
    match: /output with shape \[[\d, ]*\] doesn't match the broadcast shape/,
    why: 'PENDING: PyTorch refuses a weight that broadcasts beyond the input',
  },
  {
    op: 'huber_loss',
    match: /Subtraction, the `-` operator, with a bool tensor is not supported/,
    why: 'PENDING: PyTorch promotes a bool operand',
  },
  { op: 'cdist', match: /None is not a valid value for compute_mode$/, why: 'compute_mode=None is the default here' },
  {
    op: 'nll_loss',
    match: /Target -?\d+ is out of bounds\.", PyTorch succeeded$/,
    why: 'PENDING: PyTorch reads a 1-d input with a 1-d target as a batch of one class each',
  },
  { op: 'where', match: /where\(\) received an invalid combination of arguments/, why: 'a number where a tensor goes' },
  {
    op: '*',
    match: /^threw ""\w+" not implemented for \'Bool\'", PyTorch succeeded$/,
    why: 'PENDING: PyTorch skips the dtype check for an empty input',
  },
  {
    op: 'batch_norm',
    match: /TensorAccessor expected 1 dims/,
    why: 'PENDING: the running statistics are not checked against the channel count',
  },
  {
    op: 'prelu',
    match: /Expected `weight` to be a scalar or 1D tensor/,
    why: 'PENDING: PyTorch refuses a weight of more than one dim',
  },
];

/** The same for tests/diff_modules.test.ts (random torch.nn module configurations). */
export const KNOWN_MODULES: readonly { module: string; match: RegExp; why: string }[] = [
  {
    module: '*',
    match: /^repr "\w+\(output_size=\([\d, ]+\)\)", PyTorch "\w+\(output_size=\[[\d, ]+\]\)"$/,
    why: 'PyTorch prints output_size as given (a list or a tuple); a JavaScript array prints as a tuple',
  },
  {
    module: '*',
    match: /^repr ".*=\d+[,)].*", PyTorch ".*=\d+\.0[,)].*"$/,
    why: 'JavaScript cannot tell 2 from 2.0: an integral float prints as an int',
  },
];
