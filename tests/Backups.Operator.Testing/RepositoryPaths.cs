namespace Backups.Operator.Testing;

/// <summary>Paths inside the repository, found by walking up from the test binaries to the folder holding the solution.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The repository root (the folder with <c>Backups.Operator.sln</c>).</summary>
    public static string Root => RootPath.Value;

    /// <summary>The generated CRDs (<c>crds/</c>).</summary>
    public static string Crds => Path.Combine(Root, "crds");

    /// <summary>The examples (<c>examples/</c>).</summary>
    public static string Examples => Path.Combine(Root, "examples");

    /// <summary>kubectl as installed by <c>make tools</c> (<c>.tools/bin/kubectl</c>).</summary>
    public static string Kubectl => Path.Combine(Root, ".tools", "bin", "kubectl");

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
