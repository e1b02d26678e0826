import type { tf } from '@scenarios/core';

/**
 * Floating-point operations per sample of one layer's forward pass: the multiply-adds of a
 * convolution or dense layer (2 FLOPs each), 0 for any other layer.
 */
function layerFlops(layer: tf.layers.Layer): number {
  const config = layer.getConfig();
  const input = (layer.input as tf.SymbolicTensor).shape;
  const className = layer.getClassName();
  if (className === 'Conv2D') {
    const [, outH, outW, filters] = layer.outputShape as number[];
    const [kh, kw] = config.kernelSize as number[];
    return (
      2 *
      (outH as number) *
      (outW as number) *
      (filters as number) *
      (kh as number) *
      (kw as number) *
      (input[3] as number)
    );
  }
  if (className === 'Dense') return 2 * (input.at(-1) as number) * (config.units as number);
  return 0;
}

/**
 * Floating-point operations per sample of a model's forward pass, counting the multiply-adds of its
 * convolution and dense layers and nothing else: they are where nearly all the time goes, and it
 * is how GFLOP/s figures for CNNs are usually quoted.
 */
export function forwardFlops(model: tf.LayersModel): number {
  return model.layers.reduce((sum, layer) => sum + layerFlops(layer), 0);
}

/**
 * FLOPs per sample of one training step: the forward pass, then the gradients with respect to the
 * weights and to the inputs of every layer (each costs about what the forward pass of the layer
 * does), except the input gradient of the first layer, which nothing needs.
 */
export function trainingFlops(model: tf.LayersModel): number {
  const first = model.layers.find((layer) => layerFlops(layer) > 0);
  return 3 * forwardFlops(model) - (first ? layerFlops(first) : 0);
}
