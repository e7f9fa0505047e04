/** The operators of the clipdecomp jobs: thin adapters that call the core, one per file. */
package io.clipdecomp.jobs.operators;
