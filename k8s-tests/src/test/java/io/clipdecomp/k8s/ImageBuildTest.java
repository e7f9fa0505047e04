package io.clipdecomp.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The image recipe and the FlinkDeployment agree with what the build makes: the jars, the model, the entry class. */
class ImageBuildTest {

    private static final String JOB_JAR = "flink-jobs/target/clipdecomp-flink-job.jar";
    private static final String FLINK_LIB = "flink-jobs/target/flink-lib/";
    private final FlinkDeployment deployment = new FlinkDeployment();

    @Test
    void theImageTakesTheJobJarAndTheLibFolderThatFlinkJobsBuilds() {
        assertEquals("${project.build.directory}/clipdecomp-flink-job.jar", Build.flinkJobsPom(
                "//execution[id='flink-job-jar']/configuration/outputFile"), "the shaded job jar");
        // application mode puts usrlib/ on the user class path
        assertTrue(Build.destinationOf(JOB_JAR).startsWith("/opt/flink/usrlib/"), Build.destinationOf(JOB_JAR));
        assertEquals("flink-lib", Build.flinkJobsPom("//execution[id='flink-lib']/configuration/finalName"));
        assertEquals("dir", Build.flinkJobsPom("//execution[id='flink-lib']//format"));
        // native libraries belong in the parent class loader: lib/, not the job jar or usrlib/
        assertEquals("/opt/flink/lib/", Build.destinationOf(FLINK_LIB));
    }

    @Test
    void theDeploymentRunsTheJobJarWhereTheImageHasIt() {
        assertEquals("local://" + Build.destinationOf(JOB_JAR), deployment.spec.path("job").path("jarURI").asText());
    }

    @Test
    void theEntryClassIsTheJobJarsMainClass() {
        String main = Build.flinkJobsPom("//execution[id='flink-job-jar']//transformer/mainClass");
        assertEquals(main, deployment.spec.path("job").path("entryClass").asText());
        assertEquals(io.clipdecomp.jobs.cli.FlinkJobCommand.class.getName(), main);
    }

    @Test
    void theModelTheJobLoadsIsTheBundledOneTheImageCopies() throws Exception {
        String destination = Build.destinationOf("models/shapes-tiny/");
        assertTrue(Files.isRegularFile(Manifests.ROOT.resolve("models/shapes-tiny/open_clip_config.json")));
        int at = deployment.jobArgs().indexOf("--model-dir");
        assertEquals(destination.replaceAll("/$", ""), deployment.jobArgs().get(at + 1));
    }

    @Test
    void theDeploymentsImageIsTheOneTheRecipeSaysToBuild() {
        String release = Build.version().replace("-SNAPSHOT", "");
        String image = deployment.spec.path("image").asText();
        assertEquals("clipdecomp-flink:" + release + "-gpu", image, "image tag from the project version");
        Matcher gpuBuild = Pattern.compile("docker build .*--target gpu .*-t (\\S+)").matcher(Build.dockerfile());
        assertTrue(gpuBuild.find(), "the Dockerfile says how to build its gpu target");
        assertEquals(image, gpuBuild.group(1));
        assertTrue(Manifests.read("README.md").contains(image), "the README builds " + image);
        assertTrue(Build.dockerfile().contains("FROM base AS gpu"), "a gpu stage");
    }

    @Test
    void theImageRunsAsTheUserThePodsRequire() {
        Matcher user = Pattern.compile("(?m)^USER (\\d+):(\\d+)$").matcher(Build.dockerfile());
        assertTrue(user.find(), "a numeric non-root USER");
        long uid = Long.parseLong(user.group(1));
        assertTrue(uid > 0, "not root");
        assertEquals(uid, deployment.podTemplate().getSpec().getSecurityContext().getRunAsUser());
    }

    @Test
    void theFlinkDistributionIsTheVersionTheBuildCompilesAgainst() {
        String flink = Build.rootPom("/project/properties/flink.version");
        assertTrue(Build.dockerfile().contains("FROM flink:" + flink + "-"), "the image's Flink is " + flink);
        String[] parts = flink.split("\\.");
        assertEquals("v" + parts[0] + "_" + parts[1], deployment.spec.path("flinkVersion").asText());
    }
}
