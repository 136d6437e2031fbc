// The autograd program tests/browser.test.ts runs twice — in headless Chromium and in Node — to
// check that the pure-TypeScript backend gives the same results in both. Plain JavaScript, so the
// page can import it as it is; it returns only JSON-safe values: printed text, and values as
// nested number lists grouped by dtype (the test compares them with the dtype's precision).

export function run(torch) {
  torch.manual_seed(0);
  const x = torch.randn(3, 4, { requires_grad: true });
  const w = torch.randn(4, 5, { dtype: torch.float64, requires_grad: true });
  const h = x.double().matmul(w);
  const p = h.softmax(1);
  const e = p.exp().mul(x.sum(1, { keepdim: true }).double().tanh());
  const loss = e.sum().sub(h.pow(2).mean());
  loss.backward();
  // A non-leaf's .grad goes through the warning path (process.emitWarning in Node).
  const nonLeafGrad = p.grad;
  const z = torch.arange(6, { dtype: torch.float32 }).reshape(2, 3).requires_grad_();
  const out = z
    .exp()
    .sum(0)
    .log()
    .dot(torch.tensor([1.0, -2.0, 0.5]));
  out.backward();
  // Through the WebAssembly GEMM (partial tiles, a transposed operand): float32 sums, so the scalar
  // fallback's double sums would differ beyond the float32 tolerance in about a quarter of these.
  const product = torch.randn(21, 300).matmul(torch.randn(27, 300).t());
  const later = torch.randn(2, 3);
  return {
    printed: {
      x: String(x),
      w: String(w),
      p: String(p),
      loss: String(loss),
      x_grad: String(x.grad),
      w_grad: String(w.grad),
      non_leaf_grad: String(nonLeafGrad),
      z_grad: String(z.grad),
      out: String(out),
      later: String(later),
    },
    float32: {
      x: x.tolist(),
      x_grad: x.grad.tolist(),
      z_grad: z.grad.tolist(),
      out: out.item(),
      product: product.tolist(),
      later: later.tolist(),
    },
    float64: { w: w.tolist(), p: p.tolist(), loss: loss.item(), w_grad: w.grad.tolist() },
  };
}
