// `npm run seeds`: runs the five seed notebook ports in order.
const ports = ['000_variable', '001_gradients', '002_derivatives', '003_accumulation', '004_autograd_intro'];

for (const name of ports) {
  console.log(`\n======== examples/seeds/${name}.ts`);
  await import(`./${name}.ts`);
}
