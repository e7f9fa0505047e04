/** File formats: NumPy .npy arrays and safetensors weight files, read and written without DJL. */
package io.clipdecomp.core.io;
