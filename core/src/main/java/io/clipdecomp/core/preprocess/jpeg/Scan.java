package io.clipdecomp.core.preprocess.jpeg;

/** The parameters of one SOS segment: its components with their tables, spectral band and approximation bits. */
final class Scan {
    final Component[] components;
    final int[] dcTables;
    final int[] acTables;
    /** First and last coefficient of the band (zigzag order). */
    final int ss;
    final int se;
    /** Successive approximation: the bit position of the previous scan of this band (0 if first) and of this one. */
    final int ah;
    final int al;

    Scan(Component[] components, int[] dcTables, int[] acTables, int ss, int se, int ah, int al) {
        this.components = components;
        this.dcTables = dcTables;
        this.acTables = acTables;
        this.ss = ss;
        this.se = se;
        this.ah = ah;
        this.al = al;
    }

    boolean interleaved() {
        return components.length > 1;
    }
}
