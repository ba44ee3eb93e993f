package io.heartbeat.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.heartbeat.testsupport.ProjectFiles;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every relative link of the README and docs/ leads somewhere: the file exists and, where the link names a
 * section, the file has a heading of that anchor, as GitHub derives it. A section lost in an edit shows here
 * rather than as a reader's dead link.
 */
class DocumentationLinksTests {

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*$");

    @Test
    void everyRelativeLinkReachesAFileAndItsSection() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            for (String target : links(page)) {
                String problem = problem(page, target);
                if (problem != null) {
                    broken.add(ProjectFiles.root().relativize(page) + ": (" + target + ") " + problem);
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    @Test
    void anchorsAreDerivedAsGitHubDoes() {
        assertThat(anchors(List.of("## Start-up time", "### Inspecting and replaying `<topic>.DLT`",
                "## Errors", "### Errors", "```", "## Not a heading inside a fence", "```")))
            .containsExactlyInAnyOrder("start-up-time", "inspecting-and-replaying-topicdlt", "errors", "errors-1");
    }

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(ProjectFiles.resolve("README.md"));
        try (Stream<Path> docs = Files.list(ProjectFiles.resolve("docs"))) {
            docs.filter((path) -> path.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    private static List<String> links(Path page) throws IOException {
        List<String> links = new ArrayList<>();
        for (String line : outsideFences(Files.readAllLines(page))) {
            Matcher matcher = LINK.matcher(line);
            while (matcher.find()) {
                String target = matcher.group(1);
                if (!target.matches("^[a-z]+:.*")) {
                    links.add(target);
                }
            }
        }
        return links;
    }

    private static String problem(Path page, String target) throws IOException {
        int hash = target.indexOf('#');
        String file = (hash < 0) ? target : target.substring(0, hash);
        Path linked = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        if (!Files.exists(linked)) {
            return "no such file";
        }
        if (hash < 0 || !linked.toString().endsWith(".md")) {
            return null;
        }
        String anchor = target.substring(hash + 1);
        return anchors(Files.readAllLines(linked)).contains(anchor) ? null : "no section #" + anchor;
    }

    static Set<String> anchors(List<String> lines) {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : outsideFences(lines)) {
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                String slug = heading.group(1).toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N} _-]", "")
                    .replace(' ', '-');
                int count = seen.merge(slug, 1, Integer::sum);
                anchors.add((count == 1) ? slug : slug + "-" + (count - 1));
            }
        }
        return anchors;
    }

    private static List<String> outsideFences(List<String> lines) {
        List<String> kept = new ArrayList<>();
        boolean fenced = false;
        for (String line : lines) {
            if (line.startsWith("```")) {
                fenced = !fenced;
            }
            else if (!fenced) {
                kept.add(line);
            }
        }
        return kept;
    }
}
