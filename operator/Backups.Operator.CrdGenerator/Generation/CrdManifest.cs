using k8s.Models;

namespace Backups.Operator.CrdGenerator.Generation;

/// <summary>One generated CRD and the file it is written to.</summary>
/// <param name="FileName">The file name under <c>crds/</c>, e.g. <c>backuppolicies.backup.platform.dev.yaml</c>.</param>
/// <param name="Definition">The CustomResourceDefinition.</param>
/// <param name="Yaml">Its YAML text, exactly as checked in.</param>
public sealed record CrdManifest(string FileName, V1CustomResourceDefinition Definition, string Yaml);
