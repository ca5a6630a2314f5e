namespace ChaosLab.Cri.Tests.Streaming;

/// <summary>
/// A stand-in for a local connection or a terminal: reads give <c>input</c> and then end (optionally only
/// once <see cref="EndInput"/> is called), writes are collected in <see cref="Output"/>.
/// </summary>
internal sealed class ScriptedConnection(byte[] input, bool holdEnd = false) : Stream
{
    private readonly MemoryStream _input = new(input);
    private readonly MemoryStream _output = new();
    private readonly TaskCompletionSource _end = CompletedUnless(holdEnd);

    public byte[] Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToArray();
            }
        }
    }

    public string OutputText => System.Text.Encoding.UTF8.GetString(Output);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public void EndInput() => _end.TrySetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = _input.Read(buffer.Span);
        if (read > 0)
        {
            return read;
        }
        await _end.Task.WaitAsync(cancellationToken);
        return 0;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        lock (_output)
        {
            _output.Write(buffer.Span);
        }
        return ValueTask.CompletedTask;
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _input.Dispose();
            _output.Dispose();
        }
        base.Dispose(disposing);
    }

    private static TaskCompletionSource CompletedUnless(bool hold)
    {
        var end = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!hold)
        {
            end.SetResult();
        }
        return end;
    }
}
