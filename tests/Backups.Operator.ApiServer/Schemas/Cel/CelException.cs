namespace Backups.Operator.ApiServer.Schemas.Cel;

/// <summary>A rule that cannot be compiled (unsupported by this server's CEL subset) or failed at evaluation.</summary>
internal sealed class CelException(string message) : Exception(message);
