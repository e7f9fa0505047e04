package io.clipdecomp.k8s;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

/** What the build makes (flink-jobs/pom.xml, the root pom) and where k8s/Dockerfile puts it in the image. */
final class Build {

    /** One {@code COPY [--from=..] [--chown=..] SOURCE DESTINATION} of the Dockerfile. */
    record Copy(String from, String source, String destination) {
    }

    private static final Pattern COPY = Pattern.compile(
            "(?m)^COPY\\s+(?:--from=(\\S+)\\s+)?(?:--chown=\\S+\\s+)?(\\S+)\\s+(\\S+)\\s*$");

    private Build() {
    }

    /** The text of {@code k8s/Dockerfile}. */
    static String dockerfile() {
        return Manifests.read("k8s/Dockerfile");
    }

    /** Every COPY of the Dockerfile. */
    static List<Copy> copies() {
        List<Copy> copies = new ArrayList<>();
        Matcher m = COPY.matcher(dockerfile());
        while (m.find()) {
            copies.add(new Copy(m.group(1), m.group(2), m.group(3)));
        }
        return copies;
    }

    /** Where the Dockerfile copies {@code source} (a path from the repository root) in the image. */
    static String destinationOf(String source) {
        return copies().stream().filter(c -> c.from() == null && c.source().equals(source)).map(Copy::destination)
                .findFirst().orElseThrow(() -> new AssertionError("the Dockerfile does not COPY " + source));
    }

    /** The project's version, e.g. {@code 0.1.0-SNAPSHOT}. */
    static String version() {
        return System.getProperty("clipdecomp.version");
    }

    /** A value of the root pom by XPath, e.g. {@code /project/properties/flink.version}. */
    static String rootPom(String xpath) {
        return xpath("pom.xml", xpath);
    }

    /** A value of flink-jobs/pom.xml by XPath. */
    static String flinkJobsPom(String xpath) {
        return xpath("flink-jobs/pom.xml", xpath);
    }

    private static String xpath(String pom, String xpath) {
        try {
            String value = XPathFactory.newInstance().newXPath().evaluate(xpath, parse(pom)).trim();
            if (value.isEmpty()) {
                throw new AssertionError(pom + " has no " + xpath);
            }
            return value;
        } catch (XPathExpressionException e) {
            throw new IllegalStateException("bad XPath " + xpath, e);
        }
    }

    private static Document parse(String pom) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            // Maven's POM namespace left out, so that XPaths name elements plainly
            factory.setNamespaceAware(false);
            return factory.newDocumentBuilder().parse(new InputSource(new StringReader(Manifests.read(pom))));
        } catch (Exception e) {
            throw new IllegalStateException("cannot parse " + pom, e);
        }
    }
}
