using System.Buffers;

namespace Backups.Operator.ApiServer.Hosting;

/// <summary>A connection's input with <see cref="NulRequestLineRewriter"/> applied (read-only; the output is not wrapped).</summary>
internal sealed class NulRequestLineStream(Stream inner) : Stream
{
    private readonly NulRequestLineRewriter _rewriter = new();
    private readonly ArrayBufferWriter<byte> _rewritten = new();
    private int _rewrittenOffset;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_rewrittenOffset == _rewritten.WrittenCount)
        {
            _rewritten.ResetWrittenCount();
            _rewrittenOffset = 0;
            var chunk = ArrayPool<byte>.Shared.Rent(Math.Max(buffer.Length, 4096));
            try
            {
                var read = await inner.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return 0;
                }

                _rewriter.Transform(chunk.AsSpan(0, read), _rewritten);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }
        }

        var count = Math.Min(buffer.Length, _rewritten.WrittenCount - _rewrittenOffset);
        _rewritten.WrittenSpan.Slice(_rewrittenOffset, count).CopyTo(buffer.Span);
        _rewrittenOffset += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
