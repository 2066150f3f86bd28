using System.IO.Pipelines;

namespace Backups.Operator.ApiServer.Hosting;

/// <summary>A connection's transport with its input replaced (see <see cref="NulRequestLineStream"/>).</summary>
internal sealed record RewrittenTransport(PipeReader Input, PipeWriter Output) : IDuplexPipe;
