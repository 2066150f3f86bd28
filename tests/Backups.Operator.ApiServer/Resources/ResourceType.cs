using Backups.Operator.ApiServer.Schemas;
using Backups.Operator.ApiServer.Tables;

namespace Backups.Operator.ApiServer.Resources;

/// <summary>A served kind: its names, scope, versions and the behaviours the API server applies to it.</summary>
internal sealed class ResourceType
{
    public required string Group { get; init; }

    public required string Plural { get; init; }

    public required string Singular { get; init; }

    public required string Kind { get; init; }

    public required bool Namespaced { get; init; }

    public required IReadOnlyList<ResourceTypeVersion> Versions { get; init; }

    public IReadOnlyList<string> ShortNames { get; init; } = [];

    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Whether <c>metadata.generation</c> is kept and bumped on changes outside metadata and status.</summary>
    public bool TracksGeneration { get; init; }

    /// <summary>Whether DELETE answers the object (custom resources, namespaces) instead of a success Status.</summary>
    public bool ReturnsDeletedObject { get; init; }

    /// <summary>Whether a create keeps the status the client sent (false: status is dropped, as for custom resources).</summary>
    public bool CreateKeepsStatus { get; init; }

    public bool IsCustom { get; init; }

    /// <summary>Namespaces are DNS labels; everything else here DNS subdomains.</summary>
    public bool NameIsDnsLabel { get; init; }

    /// <summary>RBAC kinds: any name usable as a URL path segment (system:discovery), not only DNS subdomains.</summary>
    public bool NameIsPathSegment { get; init; }

    public string ListKind => Kind + "List";

    public string Key => Group + "/" + Plural;

    public string QualifiedPlural => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public string QualifiedKind => Group.Length == 0 ? Kind : $"{Kind}.{Group}";

    public string StorageVersion => Versions.First(v => v.Storage).Name;

    public bool HasStatus => Versions.Any(v => v.HasStatus);

    public ResourceTypeVersion? FindVersion(string version) => Versions.FirstOrDefault(v => v.Served && v.Name == version);

    public string ApiVersion(string version) => Group.Length == 0 ? version : $"{Group}/{version}";
}

/// <summary>One served version of a <see cref="ResourceType"/>.</summary>
internal sealed class ResourceTypeVersion
{
    public required string Name { get; init; }

    public bool Served { get; init; } = true;

    public bool Storage { get; init; } = true;

    public bool HasStatus { get; init; }

    /// <summary>The structural schema custom resources are validated, defaulted and pruned with; null for built-ins.</summary>
    public StructuralSchema? Schema { get; init; }

    public required IReadOnlyList<PrinterColumn> Columns { get; init; }
}
