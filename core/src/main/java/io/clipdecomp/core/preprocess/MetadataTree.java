package io.clipdecomp.core.preprocess;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

import java.util.ArrayList;
import java.util.List;

/** Look-ups in an ImageIO metadata DOM tree. */
final class MetadataTree {
    private MetadataTree() {
    }

    /** The first element named {@code name} at or below {@code root}, depth first; null if none. */
    static Element find(Node root, String name) {
        if (root instanceof Element && name.equals(root.getNodeName())) {
            return (Element) root;
        }
        for (Node c = root.getFirstChild(); c != null; c = c.getNextSibling()) {
            Element found = find(c, name);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** The direct children of {@code parent} named {@code name}, in document order. */
    static List<Element> children(Node parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node c = parent.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element && name.equals(c.getNodeName())) {
                out.add((Element) c);
            }
        }
        return out;
    }

    /** An integer attribute, or {@code fallback} when it is absent or empty. */
    static int intAttribute(Element e, String attribute, int fallback) {
        String v = e.getAttribute(attribute);
        return v.isEmpty() ? fallback : Integer.parseInt(v.trim());
    }
}
