import type { tf } from '@scenarios/core';

/**
 * Floating-point operations per sample of a model's forward pass, counting the multiply-adds of its
 * convolution and dense layers (2 FLOPs each) and nothing else: they are where nearly all the time
 * goes, and it is how GFLOP/s figures for CNNs are usually quoted.
 */
export function forwardFlops(model: tf.LayersModel): number {
  let flops = 0;
  for (const layer of model.layers) {
    const config = layer.getConfig();
    const className = layer.getClassName();
    const output = layer.outputShape as (number | null)[];
    const input = (layer.input as tf.SymbolicTensor).shape;
    if (className === 'Conv2D') {
      const [, outH, outW, filters] = output as number[];
      const [kh, kw] = config.kernelSize as number[];
      const inChannels = input[3] as number;
      flops +=
        2 * (outH as number) * (outW as number) * (filters as number) * (kh as number) * (kw as number) * inChannels;
    } else if (className === 'Dense') {
      flops += 2 * (input.at(-1) as number) * (config.units as number);
    }
  }
  return flops;
}

/**
 * FLOPs per sample of one training step: the forward pass, then the gradients with respect to the
 * weights and to the inputs of every layer (each costs about what the forward pass of the layer
 * does), except the input gradient of the first layer, which nothing needs.
 */
export function trainingFlops(model: tf.LayersModel): number {
  const forward = forwardFlops(model);
  const first = model.layers.find((layer) => ['Conv2D', 'Dense'].includes(layer.getClassName()));
  const firstLayerFlops = first ? forwardFlops({ layers: [first] } as unknown as tf.LayersModel) : 0;
  return 3 * forward - firstLayerFlops;
}
