namespace Backups.Operator.Testing.Kubernetes;

/// <summary>CustomResourceDefinitions that tests install into the local API server.</summary>
public static class TestCustomResourceDefinitions
{
    /// <summary>
    /// <c>Cactus</c> in <c>garden.example.com/v1</c>, namespaced, plural <c>cacti</c>: a kind whose plural no
    /// "Kind + s" guess finds, so only discovery resolves it.
    /// </summary>
    public const string IrregularPluralCactus = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: cacti.garden.example.com
        spec:
          group: garden.example.com
          scope: Namespaced
          names: { kind: Cactus, plural: cacti, singular: cactus, listKind: CactusList }
          versions:
            - name: v1
              served: true
              storage: true
              schema:
                openAPIV3Schema:
                  type: object
                  x-kubernetes-preserve-unknown-fields: true
        """;
}
