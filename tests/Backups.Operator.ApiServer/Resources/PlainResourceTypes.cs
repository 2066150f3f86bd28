using Backups.Operator.ApiServer.Tables;

namespace Backups.Operator.ApiServer.Resources;

/// <summary>A built-in kind stored as given (one version v1, name and age columns), for kinds no controller acts on here.</summary>
internal static class PlainResourceTypes
{
    public static ResourceType Create(string group, string plural, string singular, string kind, bool namespaced,
        string[]? shortNames = null, bool hasStatus = false, bool nameIsPathSegment = false) => new()
    {
        Group = group,
        Plural = plural,
        Singular = singular,
        Kind = kind,
        Namespaced = namespaced,
        ShortNames = shortNames ?? [],
        TracksGeneration = hasStatus,
        CreateKeepsStatus = !hasStatus,
        NameIsPathSegment = nameIsPathSegment,
        Versions = [new ResourceTypeVersion { Name = "v1", HasStatus = hasStatus, Columns = [Column.Name(), Column.Age()] }],
    };
}
