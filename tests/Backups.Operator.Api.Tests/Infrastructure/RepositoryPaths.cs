namespace Backups.Operator.Api.Tests.Infrastructure;

/// <summary>Finds the repository root (the folder holding Backups.Operator.sln) from the test's output folder.</summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    public static string Crds => Path.Combine(Root, "crds");

    public static string Examples => Path.Combine(Root, "examples");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Backups.Operator.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Backups.Operator.sln above {AppContext.BaseDirectory}.");
    }
}
