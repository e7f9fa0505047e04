/** Checks of the k8s/ manifests with the libraries that the Kubernetes operators and Flink themselves use. */
package io.clipdecomp.k8s;
