/** TextSpan: per-head text bases found from mergeable per-head moments (count, sum, second moment). */
package io.clipdecomp.core.textspan;
