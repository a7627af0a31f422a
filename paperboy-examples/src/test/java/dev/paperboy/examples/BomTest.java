package dev.paperboy.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Keeps the BOM the README tells users to import in step with the build: it has no parent (so it
 * cannot inherit the version), hence this check that it carries the parent's version and manages
 * exactly the modules that are deployed.
 */
class BomTest {
  private static final Path ROOT = Path.of("..");

  @Test
  void managesEveryDeployedModuleAtTheParentsVersion() throws Exception {
    Document parent = read(ROOT.resolve("pom.xml"));
    Document bom = read(ROOT.resolve("paperboy-bom/pom.xml"));
    List<String> deployed = new ArrayList<>();
    for (String module : texts(parent.getDocumentElement(), "modules", "module")) {
      Document pom = read(ROOT.resolve(module).resolve("pom.xml"));
      String packaging = child(pom.getDocumentElement(), "packaging");
      String deploySkip = text(pom.getDocumentElement(), "properties", "maven.deploy.skip");
      if (!"pom".equals(packaging) && !"true".equals(deploySkip)) {
        deployed.add(child(pom.getDocumentElement(), "artifactId"));
      }
    }

    List<String> managed = new ArrayList<>();
    Element management = element(bom.getDocumentElement(), "dependencyManagement");
    for (Element dependency : elements(element(management, "dependencies"), "dependency")) {
      assertThat(child(dependency, "version")).isEqualTo("${project.version}");
      managed.add(child(dependency, "artifactId"));
    }

    assertThat(child(bom.getDocumentElement(), "version"))
        .isEqualTo(child(parent.getDocumentElement(), "version"));
    assertThat(deployed)
        .containsExactlyInAnyOrder(
            "paperboy-core",
            "paperboy-test",
            "paperboy-jackson",
            "paperboy-micrometer",
            "paperboy-opentelemetry",
            "paperboy-health",
            "paperboy-rocksdb");
    assertThat(managed).containsExactlyInAnyOrderElementsOf(deployed);
  }

  private static Document read(Path pom) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
  }

  private static List<String> texts(Element parent, String list, String item) {
    List<String> texts = new ArrayList<>();
    elements(element(parent, list), item).forEach(e -> texts.add(e.getTextContent().trim()));
    return texts;
  }

  private static String text(Element parent, String section, String name) {
    Element found = element(parent, section);
    return found == null ? null : child(found, name);
  }

  private static String child(Element parent, String name) {
    Element found = element(parent, name);
    return found == null ? null : found.getTextContent().trim();
  }

  private static Element element(Element parent, String name) {
    List<Element> found = elements(parent, name);
    return found.isEmpty() ? null : found.get(0);
  }

  private static List<Element> elements(Element parent, String name) {
    List<Element> found = new ArrayList<>();
    NodeList children = parent.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      Node node = children.item(i);
      if (node instanceof Element && ((Element) node).getTagName().equals(name)) {
        found.add((Element) node);
      }
    }
    return found;
  }
}
