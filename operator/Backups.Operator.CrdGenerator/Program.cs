using Backups.Operator.CrdGenerator.Generation;

// Usage: dotnet run --project operator/Backups.Operator.CrdGenerator -- <output directory, default "crds">
var directory = args.Length > 0 ? args[0] : "crds";
foreach (var path in CrdManifests.Write(directory))
{
    Console.WriteLine($"wrote {path}");
}
