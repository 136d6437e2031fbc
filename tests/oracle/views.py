"""Oracle for view and shape ops: geometry, storage sharing, grad_fn names, gradients, errors.

A case applies `pre` (a chain of calls) and then `call` to a fresh tensor built from `x`. Calls
are [method, args] with JSON args ({'zeros': shape} for a tensor argument, {'long': data} for an
int64 one, {'dtype': name} for a dtype, args None for a property such as T), or ['torch.<fn>', args]
for the function form.
Recorded per output: shape, strides, storage offset, contiguity, values, grad_fn name, whether it
is a view and whether it shares the input's storage. For floating inputs, the gradient of
sum(out_i * w_i) with respect to x. Then, without grad, a write through the first output
(add_(100)) and what it does to the base and to both version counters.
Run: /usr/bin/python3 tests/oracle/views.py
"""
import warnings

import torch

from common import dump, enc, error_text

warnings.simplefilter('ignore')
torch.manual_seed(0)


def arg(a):
    if isinstance(a, dict) and 'zeros' in a:
        return torch.zeros(a['zeros'])
    if isinstance(a, dict) and 'dtype' in a:
        return getattr(torch, a['dtype'])
    if isinstance(a, dict) and 'long' in a:
        return torch.tensor(a['long'], dtype=torch.int64)
    return a


def run(t, call):
    method, args = call
    if method.startswith('torch.'):
        return getattr(torch, method[6:])(t, *[arg(a) for a in args])
    if args is None:
        return getattr(t, method)
    return getattr(t, method)(*[arg(a) for a in args])


def storage_ptr(t):
    return t.storage().data_ptr()


def overlapping(t):
    # In-place writes through self-overlapping views are order-dependent in PyTorch: not compared.
    pos = [t.storage_offset()]
    for size, stride in zip(t.shape, t.stride()):
        pos = [p + i * stride for p in pos for i in range(size)]
    return len(set(pos)) < len(pos)


cases = []


def add(name, x, call, pre=()):
    grad = x.dtype.is_floating_point
    case = {'name': name, 'x': enc(x), 'pre': [list(p) for p in pre], 'call': list(call)}
    base = x.clone().requires_grad_(grad)
    t = base
    for p in pre:
        t = run(t, p)
    err = error_text(lambda: run(t, call))
    if err is not None:
        case['error'] = err
        cases.append(case)
        return
    out = run(t, call)
    outs = list(out) if isinstance(out, (list, tuple)) else [out]
    case['multi'] = isinstance(out, (list, tuple))
    case['outs'] = [{
        'value': enc(o),
        'stride': list(o.stride()),
        'storage_offset': o.storage_offset(),
        'is_contiguous': o.is_contiguous(),
        'grad_fn': o.grad_fn.name() if o.grad_fn is not None else None,
        'requires_grad': o.requires_grad,
        'is_view': o._is_view(),
        'shares': storage_ptr(o) == storage_ptr(base),
    } for o in outs]
    if grad and any(o.requires_grad for o in outs):
        ws = [torch.arange(1, o.numel() + 1, dtype=o.dtype).reshape(o.shape) / 4 for o in outs]
        loss = sum((o * w).sum() for o, w in zip(outs, ws) if o.requires_grad)
        loss.backward()
        case['weights'] = enc(ws)
        case['grad'] = enc(base.grad)
    # A write through the first output, without autograd.
    with torch.no_grad():
        b2 = x.clone()
        t2 = b2
        for p in pre:
            t2 = run(t2, p)
        o2 = run(t2, call)
        o2 = o2[0] if isinstance(o2, (list, tuple)) else o2
        if x.dtype != torch.bool and not overlapping(o2):
            o2.add_(100)
            case['write'] = {'base': enc(b2), 'base_version': b2._version, 'out_version': o2._version}
    cases.append(case)


f64, i32, i64 = torch.float64, torch.int32, torch.int64
A = torch.arange(1., 7.).reshape(2, 3)           # [2, 3]
B = torch.arange(1., 25.).reshape(2, 3, 4)       # [2, 3, 4]
C = torch.arange(1., 121.).reshape(2, 3, 4, 5)   # [2, 3, 4, 5]
S = torch.tensor(3.5)                            # 0-d
E = torch.zeros(0, 3)                            # empty
TR = [['t', []]]                                 # pre: transpose a 2-D input
PB = [['permute', [[2, 0, 1]]]]                  # pre: permute a 3-D input

# ---------------------------------------------------------------- view
add('view -1', A, ['view', [-1]])
add('view sizes', B, ['view', [[4, 6]]])
add('view variadic', B, ['view', [6, -1]])
add('view split dims', A, ['view', [2, 3, 1]])
add('view 4d', C, ['view', [[5, 4, 3, 2]]])
add('view 0-d to 1', S, ['view', [1]])
add('view 0-d to []', S, ['view', [[]]])
add('view 1-el to 0-d', torch.tensor([2.]), ['view', [[]]])
add('view empty', E, ['view', [3, -1]])
add('view empty 0', E, ['view', [0]])
add('view int64', torch.arange(6).reshape(2, 3), ['view', [3, 2]])
add('view int32', torch.arange(6, dtype=i32), ['view', [2, 3]])
add('view bool', torch.tensor([True, False, True, True]), ['view', [2, 2]])
add('view f64', A.double(), ['view', [-1, 2]])
add('view of transposed ok', A, ['view', [3, 2, 1]], pre=TR)
add('view of narrowed', B, ['view', [2, 6]], pre=[['narrow', [2, 1, 2]]])
add('view of select', B, ['view', [-1]], pre=[['select', [0, 1]]])
add('view of expanded', A, ['view', [2, 3, 3]], pre=[['unsqueeze', [2]], ['expand', [2, 3, 3]]])
add('view merge expanded fails', A, ['view', [-1]], pre=[['unsqueeze', [2]], ['expand', [2, 3, 3]]])
add('view error non-contiguous', A, ['view', [-1]], pre=TR)
add('view error permuted', B, ['view', [6, 4]], pre=PB)
add('view error size', A, ['view', [4]])
add('view error -1 indivisible', A, ['view', [4, -1]])
add('view error two -1', A, ['view', [-1, -1]])
add('view error -2', A, ['view', [-2, 3]])
add('view error 0 -1', A, ['view', [0, -1]])
add('view error empty ambiguous', E, ['view', [-1, 0]])
add('view dtype same', A, ['view', [{'dtype': 'float32'}]])
add('view dtype float32 -> int32', A, ['view', [{'dtype': 'int32'}]])
add('view dtype int32 -> float32', torch.tensor([1065353216, 1073741824], dtype=i32), ['view', [{'dtype': 'float32'}]])
add('view_as', B, ['view_as', [{'zeros': [4, 6]}]])
add('view_as error', A, ['view_as', [{'zeros': [4]}]])

# ---------------------------------------------------------------- reshape
add('reshape contiguous', A, ['reshape', [3, 2]])
add('reshape same shape', A, ['reshape', [2, 3]])
add('reshape array', B, ['reshape', [[-1, 4]]])
add('reshape copy transposed', A, ['reshape', [-1]], pre=TR)
add('reshape copy permuted', B, ['reshape', [4, 6]], pre=PB)
add('reshape view of permuted', B, ['reshape', [4, 2, 3]], pre=PB)
add('reshape 0-d', S, ['reshape', [1, 1]])
add('reshape to 0-d', torch.tensor([[2.]]), ['reshape', [[]]])
add('reshape empty', E, ['reshape', [0, 1, 3]])
add('reshape int64 copy', torch.arange(6).reshape(2, 3), ['reshape', [-1]], pre=TR)
add('reshape expanded copy', A, ['reshape', [-1]], pre=[['unsqueeze', [2]], ['expand', [2, 3, 3]]])
add('reshape error', A, ['reshape', [4, 2]])
add('reshape_as', A, ['reshape_as', [{'zeros': [3, 2]}]])
add('reshape_as copy', A, ['reshape_as', [{'zeros': [6]}]], pre=TR)
add('torch.reshape', A, ['torch.reshape', [[6]]])

# ---------------------------------------------------------------- flatten, unflatten
add('flatten', B, ['flatten', []])
add('flatten start', B, ['flatten', [1]])
add('flatten start end', C, ['flatten', [1, 2]])
add('flatten negative', C, ['flatten', [-3, -2]])
add('flatten same dim', B, ['flatten', [1, 1]])
add('flatten 1-d', torch.arange(4.), ['flatten', []])
add('flatten 0-d', S, ['flatten', []])
add('flatten copy', A, ['flatten', []], pre=TR)
add('flatten error order', B, ['flatten', [2, 1]])
add('flatten error range', A, ['flatten', [0, 2]])
add('torch.flatten', C, ['torch.flatten', [2]])
add('unflatten', A, ['unflatten', [1, [3, 1]]])
add('unflatten -1', B, ['unflatten', [2, [2, -1]]])
add('unflatten negative dim', B, ['unflatten', [-1, [4, 1]]])
add('unflatten of transposed', A, ['unflatten', [0, [1, 3]]], pre=TR)
add('unflatten error product', A, ['unflatten', [1, [2, 2]]])
add('unflatten error empty', A, ['unflatten', [1, []]])
add('unflatten error two -1', A, ['unflatten', [1, [-1, -1]]])
add('unflatten error -1 indivisible', A, ['unflatten', [-1, [-1, 2]]])
add('unflatten error dim', A, ['unflatten', [2, [3]]])

# ---------------------------------------------------------------- squeeze, unsqueeze
X1 = torch.arange(1., 7.).reshape(2, 1, 3, 1)
add('squeeze all', X1, ['squeeze', []])
add('squeeze dim', X1, ['squeeze', [1]])
add('squeeze dim negative', X1, ['squeeze', [-1]])
add('squeeze dim not 1', X1, ['squeeze', [0]])
add('squeeze 0-d', S, ['squeeze', []])
add('squeeze 0-d dim', S, ['squeeze', [0]])
add('squeeze all ones', torch.ones(1, 1, 1), ['squeeze', []])
add('squeeze of transposed', X1, ['squeeze', []], pre=[['transpose', [0, 2]]])
add('squeeze error dim', A, ['squeeze', [2]])
add('squeeze int64', torch.arange(3).view(1, 3), ['squeeze', []])
add('torch.squeeze', X1, ['torch.squeeze', [3]])
add('unsqueeze 0', A, ['unsqueeze', [0]])
add('unsqueeze end', A, ['unsqueeze', [2]])
add('unsqueeze -1', A, ['unsqueeze', [-1]])
add('unsqueeze -3', A, ['unsqueeze', [-3]])
add('unsqueeze middle of transposed', A, ['unsqueeze', [1]], pre=TR)
add('unsqueeze 0-d', S, ['unsqueeze', [0]])
add('unsqueeze 0-d -1', S, ['unsqueeze', [-1]])
add('unsqueeze empty', E, ['unsqueeze', [1]])
add('unsqueeze error', A, ['unsqueeze', [3]])
add('unsqueeze error negative', A, ['unsqueeze', [-4]])

# ---------------------------------------------------------------- transpose, t, permute, movedim, T, mT
add('transpose', A, ['transpose', [0, 1]])
add('transpose 3-d', B, ['transpose', [0, 2]])
add('transpose negative', C, ['transpose', [-1, 1]])
add('transpose same dim', A, ['transpose', [1, 1]])
add('transpose 0-d', S, ['transpose', [0, -1]])
add('transpose error', A, ['transpose', [0, 2]])
add('torch.transpose', B, ['torch.transpose', [1, 2]])
add('swapaxes', B, ['swapaxes', [0, 1]])
add('t 2-d', A, ['t', []])
add('t 1-d', torch.arange(3.), ['t', []])
add('t 0-d', S, ['t', []])
add('t of narrowed', B, ['t', []], pre=[['select', [2, 1]]])
add('t error 3-d', B, ['t', []])
add('torch.t', A, ['torch.t', []])
add('permute', B, ['permute', [2, 0, 1]])
add('permute array', C, ['permute', [[3, 1, 0, 2]]])
add('permute negative', B, ['permute', [-1, 0, 1]])
add('permute identity', A, ['permute', [0, 1]])
add('permute 0-d', S, ['permute', [[]]])
add('permute of permuted', B, ['permute', [1, 2, 0]], pre=PB)
add('permute error length', A, ['permute', [1]])
add('permute error duplicate', A, ['permute', [1, 1]])
add('permute error range', A, ['permute', [0, 2]])
add('torch.permute', B, ['torch.permute', [[1, 0, 2]]])
add('movedim', B, ['movedim', [0, 2]])
add('movedim negative', C, ['movedim', [-1, 0]])
add('movedim same', A, ['movedim', [1, 1]])
add('movedim lists', C, ['movedim', [[0, 1], [2, 0]]])
add('movedim list single', B, ['movedim', [[2], [0]]])
add('movedim error repeated source', A, ['movedim', [[0, 0], [1, 0]]])
add('movedim error repeated destination', A, ['movedim', [[0, 1], [0, 0]]])
add('movedim error lengths', A, ['movedim', [[0, 1], [0]]])
add('movedim error range', A, ['movedim', [2, 0]])
add('movedim 0-d', S, ['movedim', [0, -1]])
add('moveaxis', B, ['moveaxis', [[0, 2], [1, 0]]])
add('torch.moveaxis', B, ['torch.moveaxis', [2, 0]])
add('swapdims', B, ['swapdims', [2, 0]])
add('torch.swapdims', B, ['torch.swapdims', [0, 1]])
add('torch.swapaxes', B, ['torch.swapaxes', [-1, 0]])
add('torch.movedim', B, ['torch.movedim', [1, 0]])
add('T 2-d', A, ['T', None])
add('T 3-d', B, ['T', None])
add('T 1-d', torch.arange(3.), ['T', None])
add('T 0-d', S, ['T', None])
add('mT 2-d', A, ['mT', None])
add('mT 3-d', B, ['mT', None])
add('mT 4-d', C, ['mT', None])
add('mT 0-d', S, ['mT', None])
add('mT error 1-d', torch.arange(3.), ['mT', None])

# ---------------------------------------------------------------- expand, expand_as
X2 = torch.arange(1., 4.).reshape(3, 1)
add('expand', X2, ['expand', [3, 4]])
add('expand array', X2, ['expand', [[2, 3, 4]]])
add('expand -1', X2, ['expand', [-1, 5]])
add('expand new leading dims', X2, ['expand', [2, 2, 3, 2]])
add('expand same', A, ['expand', [2, 3]])
add('expand 0-d', S, ['expand', [2, 3]])
add('expand to 0', X2, ['expand', [3, 0]])
add('expand leading 0', A, ['expand', [0, 2, 3]])
add('expand of transposed', A, ['expand', [4, 3, 2]], pre=TR)
add('expand int64', torch.arange(3).reshape(3, 1), ['expand', [3, 2]])
add('expand bool', torch.tensor([[True], [False]]), ['expand', [2, 3]])
add('expand error mismatch', A, ['expand', [3, 3]])
add('expand error fewer sizes', A, ['expand', [3]])
add('expand error leading -1', A, ['expand', [-1, 2, 3]])
add('expand error negative', A, ['expand', [2, -2, 3]])
add('expand error leading negative', A, ['expand', [-2, 2, 3]])
add('expand leading 1 keeps a stride', X2, ['expand', [1, 3, 4]])
add('expand leading 1 of narrowed', A, ['expand', [1, 1, 2, 2]], pre=[['narrow', [1, 0, 2]]])
add('expand 0-d to 1', S, ['expand', [1]])
add('expand 0-d to 1 x 1', S, ['expand', [1, 1]])
add('expand error last bad dim named', A, ['expand', [4, 4]])
add('expand_as', X2, ['expand_as', [{'zeros': [2, 3, 4]}]])
add('expand_as error', A, ['expand_as', [{'zeros': [3, 3]}]])

# ---------------------------------------------------------------- select, narrow, as_strided, diagonal
add('select', A, ['select', [0, 1]])
add('select dim 1', B, ['select', [1, 2]])
add('select negative index', B, ['select', [2, -1]])
add('select negative dim', C, ['select', [-2, 0]])
add('select 1-d to 0-d', torch.arange(4.), ['select', [0, 2]])
add('select of transposed', A, ['select', [0, 2]], pre=TR)
add('select int64', torch.arange(6).reshape(2, 3), ['select', [1, 0]])
add('select error index', A, ['select', [1, 3]])
add('select error negative index', A, ['select', [0, -3]])
add('select error dim', A, ['select', [2, 0]])
add('select error 0-d', S, ['select', [0, 0]])
add('torch.select', B, ['torch.select', [0, 1]])
add('narrow', A, ['narrow', [1, 1, 2]])
add('narrow dim 0', B, ['narrow', [0, 1, 1]])
add('narrow negative start', A, ['narrow', [1, -2, 2]])
add('narrow negative dim', B, ['narrow', [-1, 0, 3]])
add('narrow empty', A, ['narrow', [1, 3, 0]])
add('narrow full', A, ['narrow', [0, 0, 2]])
add('narrow of transposed', A, ['narrow', [0, 1, 2]], pre=TR)
add('narrow of narrowed', B, ['narrow', [2, 1, 2]], pre=[['narrow', [2, 1, 3]]])
add('narrow error length', A, ['narrow', [1, 2, 2]])
add('narrow error negative length', A, ['narrow', [1, 0, -1]])
add('narrow error start', A, ['narrow', [1, 4, 0]])
add('narrow error negative start', A, ['narrow', [1, -4, 1]])
add('narrow error dim', A, ['narrow', [2, 0, 1]])
add('narrow error 0-d', S, ['narrow', [0, 0, 1]])
add('torch.narrow', B, ['torch.narrow', [1, 0, 2]])
add('as_strided', A, ['as_strided', [[2, 2], [1, 2], 1]])
add('as_strided default offset', A, ['as_strided', [[3], [2]]])
add('as_strided overlapping', A, ['as_strided', [[2, 3], [1, 1]]])
add('as_strided broadcast', A, ['as_strided', [[2, 3], [0, 1], 2]])
add('as_strided 0-d', A, ['as_strided', [[], [], 4]])
add('as_strided of narrowed (storage offset)', B, ['as_strided', [[2, 2], [4, 1]]], pre=[['narrow', [2, 1, 2]]])
add('as_strided of transposed', A, ['as_strided', [[2], [1]]], pre=TR)
add('as_strided of transposed offset', A, ['as_strided', [[2, 2], [3, 1], 1]], pre=TR)
add('as_strided of expanded input', X2, ['as_strided', [[3], [1], 0]], pre=[['expand', [3, 2]]])
add('as_strided of overlapping input', torch.arange(1., 7.), ['as_strided', [[3], [2], 0]], pre=[['as_strided', [[2, 2], [1, 1]]]])
add('as_strided empty', A, ['as_strided', [[0, 2], [1, 1], 6]])
add('as_strided f64 4-d', C.double(), ['as_strided', [[2, 2, 2], [7, 3, 1], 11]])
add('as_strided error length', A, ['as_strided', [[2, 2], [1]]])
add('as_strided error out of bounds', A, ['as_strided', [[4, 4], [1, 2], 1]])
add('as_strided error negative stride', A, ['as_strided', [[2, 2], [1, -1]]])
add('as_strided error negative offset', A, ['as_strided', [[2], [1], -1]])
add('torch.as_strided', A, ['torch.as_strided', [[3, 2], [1, 3]]])
add('diagonal', A, ['diagonal', []])
add('diagonal offset', A, ['diagonal', [1]])
add('diagonal negative offset', A, ['diagonal', [-1]])
add('diagonal large offset', A, ['diagonal', [5]])
add('diagonal large negative offset', A, ['diagonal', [-5]])
add('diagonal 3-d', B, ['diagonal', [0, 1, 2]])
add('diagonal 3-d reversed dims', B, ['diagonal', [1, 2, 0]])
add('diagonal 4-d negative dims', C, ['diagonal', [-1, -1, -2]])
add('diagonal square', torch.arange(1., 10.).reshape(3, 3), ['diagonal', []])
add('diagonal of transposed', A, ['diagonal', [1]], pre=TR)
add('diagonal error same dims', A, ['diagonal', [0, 1, 1]])
add('diagonal error 1-d', torch.arange(3.), ['diagonal', []])
add('torch.diagonal', B, ['torch.diagonal', [0, 0, 2]])

# ---------------------------------------------------------------- unbind, split, chunk
add('unbind', A, ['unbind', []])
add('unbind dim 1', A, ['unbind', [1]])
add('unbind 3-d negative', B, ['unbind', [-1]])
add('unbind of transposed', A, ['unbind', [0]], pre=TR)
add('unbind error dim', A, ['unbind', [2]])
add('unbind error 0-d', S, ['unbind', []])
add('torch.unbind', B, ['torch.unbind', [1]])
add('split int', A, ['split', [2, 1]])
add('split int dim 0', B, ['split', [1]])
add('split int exact', B, ['split', [2, 2]])
add('split int larger than dim', A, ['split', [5, 1]])
add('split sizes', A, ['split', [[1, 2], 1]])
add('split sizes with zero', B, ['split', [[0, 3, 1], 2]])
add('split negative dim', B, ['split', [3, -1]])
add('split empty dim 0', torch.zeros(0, 2), ['split', [2]])
add('split of transposed', A, ['split', [1, 1]], pre=TR)
add('split error sum', A, ['split', [[1, 1], 1]])
add('split error sum negative dim', A, ['split', [[2, 2], -1]])
add('split error sum too many', A, ['split', [[1, 1, 1, 1], 1]])
add('split error zero size', A, ['split', [0, 1]])
add('split error negative size', A, ['split', [-1, 1]])
add('split error negative sizes', A, ['split', [[4, -1], 1]])
add('split error dim', A, ['split', [1, 2]])
add('split error 0-d', S, ['split', [1]])
add('torch.split', B, ['torch.split', [2, 2]])
add('split_with_sizes', B, ['split_with_sizes', [[1, 3], 2]])
add('chunk', A, ['chunk', [2, 1]])
add('chunk more than size', A, ['chunk', [5, 1]])
add('chunk uneven', torch.arange(6.), ['chunk', [4]])
add('chunk 6 of 5', torch.arange(5.), ['chunk', [6]])
add('chunk exact', B, ['chunk', [2, 2]])
add('chunk empty', torch.zeros(0), ['chunk', [2]])
add('chunk negative dim', B, ['chunk', [3, -2]])
add('chunk error 0', A, ['chunk', [0, 1]])
add('chunk error negative', A, ['chunk', [-1]])
add('chunk empty 3', torch.zeros(2, 0), ['chunk', [3, 1]])
add('chunk error 0-d', S, ['chunk', [1]])
add('torch.chunk', B, ['torch.chunk', [2, 0]])

# ---------------------------------------------------------------- contiguous, clone, detach
add('contiguous already', A, ['contiguous', []])
add('contiguous transposed', A, ['contiguous', []], pre=TR)
add('contiguous permuted', B, ['contiguous', []], pre=PB)
add('contiguous expanded', X2, ['contiguous', []], pre=[['expand', [3, 2]]])
add('contiguous narrowed', B, ['contiguous', []], pre=[['narrow', [1, 1, 2]]])
add('contiguous int64', torch.arange(6).reshape(2, 3), ['contiguous', []], pre=TR)
add('clone', A, ['clone', []])
add('clone transposed', A, ['clone', []], pre=TR)
add('clone 0-d', S, ['clone', []])
add('clone permuted keeps strides', B, ['clone', []], pre=PB)
add('clone narrowed is contiguous', B, ['clone', []], pre=[['narrow', [2, 1, 2]]])
add('clone expanded is contiguous', X2, ['clone', []], pre=[['expand', [3, 2]]])
add('clone select of permuted keeps strides', C, ['clone', []], pre=[['permute', [3, 1, 2, 0]], ['select', [3, 1]]])
add('clone with size-1 dim', A, ['clone', []], pre=[['unsqueeze', [1]], ['transpose', [0, 2]]])
add('clone bool', torch.tensor([True, False]), ['clone', []])
add('torch.clone', B, ['torch.clone', []])
add('detach', A, ['detach', []])
add('detach of transposed', A, ['detach', []], pre=TR)

# ---------------------------------------------------------------- chains and f64
add('chain view of select of transposed', B, ['view', [-1]], pre=[['transpose', [0, 1]], ['select', [0, 1]]])
add('chain narrow unsqueeze expand', A, ['expand', [2, 4, 2]], pre=[['narrow', [1, 1, 2]], ['unsqueeze', [1]]])
add('chain unbind of permuted', C, ['unbind', [1]], pre=[['permute', [3, 2, 1, 0]], ['narrow', [0, 1, 3]]])
add('f64 permute', B.double(), ['permute', [1, 2, 0]])
add('f64 reshape copy', B.double(), ['reshape', [6, 4]], pre=PB)
add('f64 diagonal', C.double(), ['diagonal', [1, 1, 3]])
add('f64 split sizes', C.double(), ['split', [[2, 3], -1]])
add('f64 as_strided overlapping', C.double(), ['as_strided', [[3, 3], [2, 3], 5]])


# ---------------------------------------------------------------- broadcast_to, broadcast_tensors, atleast_Nd
add('broadcast_to', A, ['broadcast_to', [[2, 2, 3]]])
add('broadcast_to variadic', A, ['broadcast_to', [4, 2, 3]])
add('torch.broadcast_to -1', A, ['torch.broadcast_to', [[3, -1, 3]]], pre=[['narrow', [0, 1, 1]]])
add('torch.broadcast_to of transposed', A, ['torch.broadcast_to', [[2, 3, 2]]], pre=TR)
add('broadcast_to error fewer dims', A, ['torch.broadcast_to', [[4]]])
add('broadcast_to error mismatch', A, ['torch.broadcast_to', [[2, 4]]])
add('torch.broadcast_tensors', A, ['torch.broadcast_tensors', [{'zeros': [4, 1, 1]}, {'zeros': [3]}]])
add('torch.broadcast_tensors one', B, ['torch.broadcast_tensors', []])
add('torch.broadcast_tensors 0-d', S, ['torch.broadcast_tensors', [{'zeros': [2]}]])
add('broadcast_tensors error', A, ['torch.broadcast_tensors', [{'zeros': [4]}]])
for n in (1, 2, 3):
    add(f'torch.atleast_{n}d 0-d', S, [f'torch.atleast_{n}d', []])
    add(f'torch.atleast_{n}d 1-d', A, [f'torch.atleast_{n}d', []], pre=[['select', [0, 1]]])
    add(f'torch.atleast_{n}d 2-d', A, [f'torch.atleast_{n}d', []], pre=TR)
    add(f'torch.atleast_{n}d 3-d', B, [f'torch.atleast_{n}d', []])
    add(f'torch.atleast_{n}d several', A, [f'torch.atleast_{n}d', [{'zeros': []}, {'zeros': [2]}]])

# ---------------------------------------------------------------- tensor_split, hsplit, vsplit, dsplit
add('tensor_split sections', A, ['tensor_split', [2, 1]])
add('tensor_split sections uneven', torch.arange(1., 8.), ['tensor_split', [3]])
add('tensor_split more sections than elements', A, ['tensor_split', [5, 1]])
add('tensor_split indices', torch.arange(1., 13.).reshape(2, 6), ['tensor_split', [[1, -1, 9, 2], 1]])
add('tensor_split no indices', A, ['tensor_split', [[]]])
add('torch.tensor_split of transposed', A, ['torch.tensor_split', [2]], pre=TR)
add('torch.tensor_split tensor sections', B, ['torch.tensor_split', [{'long': 2}, -1]])
add('torch.tensor_split tensor indices', B, ['torch.tensor_split', [{'long': [1, 3]}, 2]])
add('tensor_split error sections 0', A, ['tensor_split', [0, 1]])
add('tensor_split error 0-d', S, ['tensor_split', [2]])
add('tensor_split error absurd sections', A, ['tensor_split', [10 ** 15]])
add('tensor_split error dim', A, ['tensor_split', [2, 2]])
add('tensor_split error float tensor', A, ['tensor_split', [{'zeros': [2]}, 1]])
add('tensor_split error 2-d tensor', A, ['tensor_split', [{'long': [[1, 2]]}, 1]])
add('hsplit sections', torch.arange(1., 13.).reshape(2, 6), ['hsplit', [3]])
add('torch.hsplit 1-d', torch.arange(1., 7.), ['torch.hsplit', [[2, 5]]])
add('torch.vsplit', B, ['torch.vsplit', [2]])
add('torch.vsplit indices', C, ['torch.vsplit', [[1]]])
add('torch.dsplit', B, ['torch.dsplit', [[1, 3]]])
add('dsplit sections', C, ['dsplit', [2]])
add('hsplit error not divisible', torch.arange(1., 13.).reshape(2, 6), ['hsplit', [4]])
add('hsplit error 0-d', S, ['hsplit', [1]])
add('vsplit error 1-d', torch.arange(1., 7.), ['vsplit', [3]])
add('dsplit error 2-d', A, ['dsplit', [3]])
add('dsplit error 0 sections', B, ['dsplit', [0]])

# ---------------------------------------------------------------- unfold, ravel
add('unfold', torch.arange(1., 13.).reshape(2, 6), ['unfold', [1, 3, 2]])
add('unfold step beyond size', torch.arange(1., 15.).reshape(7, 2), ['unfold', [0, 2, 3]])
add('unfold negative dim', B, ['unfold', [-1, 2, 1]])
add('unfold of transposed', A, ['unfold', [0, 2, 1]], pre=TR)
add('unfold size 0', A, ['unfold', [1, 0, 1]])
add('unfold 0-d', S, ['unfold', [0, 1, 1]])
add('unfold twice', C, ['unfold', [1, 2, 2]], pre=[['unfold', [2, 2, 1]]])
add('unfold error size', A, ['unfold', [1, 4, 1]])
add('unfold error step', A, ['unfold', [1, 2, 0]])
add('unfold error dim', A, ['unfold', [2, 2, 1]])
add('unfold error 0-d size', S, ['unfold', [0, 2, 1]])
add('ravel', B, ['ravel', []])
add('torch.ravel of transposed', A, ['torch.ravel', []], pre=TR)
add('torch.ravel 0-d', S, ['torch.ravel', []])

dump('views', cases)
