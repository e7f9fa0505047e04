/** The clipdecomp command line (picocli): one command per analysis, job or tool. */
package io.clipdecomp.jobs.cli;
