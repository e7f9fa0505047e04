/** The live dashboard: result topics read with read_committed, pushed to browsers as server-sent events. */
package io.clipdecomp.dashboard;
