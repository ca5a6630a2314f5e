using System.Diagnostics;

namespace ChaosLab.Network.Shaping;

/// <summary>
/// The consumer of one netfilter queue that delays and drops packets. The calling thread receives
/// packets and decides each one with the <see cref="DelayPolicy"/>; one sender thread gives the
/// verdicts, in due-time order (ties in arrival order), from a priority queue. The packets themselves
/// stay in the kernel: only their ids pass through here.
/// </summary>
public sealed class PacketDelayer(NetlinkSocket socket, ushort queue, DelayPolicy policy) : IDisposable
{
    private static readonly TimeSpan AckTimeout = TimeSpan.FromSeconds(5);

    private readonly object _gate = new();
    private readonly PriorityQueue<PendingVerdict, (long Due, long Order)> _pending = new();
    private readonly byte[] _buffer = new byte[64 * 1024];
    private Thread? _sender;
    private Exception? _senderFailure;
    private bool _flushing;
    private bool _stopping;
    private bool _sending;
    private long _order;
    private uint _sequence;

    public long Seen { get; private set; }

    public long Delayed { get; private set; }

    public long Dropped { get; private set; }

    /// <summary>Verdicts the kernel refused, typically for packets it had already let go.</summary>
    public long VerdictErrors { get; private set; }

    /// <summary>Starts the sender and binds the queue with metadata-only copies; throws <see cref="NetlinkException"/> if the kernel refuses.</summary>
    public void Start()
    {
        _sender = new Thread(SendLoop) { IsBackground = true, Name = "netdelay-verdicts" };
        _sender.Start();
        Request(seq => NfQueueMessages.Bind(queue, seq), $"binding queue {queue}");
        // Without a copy mode the kernel refuses to queue packets; metadata is all a verdict needs.
        Request(seq => NfQueueMessages.CopyMode(queue, NfQueueCopyMode.Meta, 0, seq), $"setting the copy mode of queue {queue}");
    }

    /// <summary>Receives and schedules packets until cancelled.</summary>
    public void Run(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            ReceiveOnce(expectedAck: null, what: "");
        }
    }

    /// <summary>Lets every held packet go now, then unbinds the queue and stops the sender.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            _flushing = true;
            Monitor.PulseAll(_gate);
            while ((_pending.Count > 0 || _sending) && _sender is { IsAlive: true })
            {
                Monitor.Wait(_gate, 100);
            }
        }
        ThrowIfSenderFailed();
        Request(seq => NfQueueMessages.Unbind(queue, seq), $"unbinding queue {queue}");
        StopSender();
        ThrowIfSenderFailed();
    }

    public void Dispose() => StopSender();

    private void Request(Func<uint, byte[]> build, string what)
    {
        var sequence = Interlocked.Increment(ref _sequence);
        socket.Send(build(sequence));
        var deadline = Stopwatch.GetTimestamp() + (long)(AckTimeout.TotalSeconds * Stopwatch.Frequency);
        while (!ReceiveOnce(sequence, what))
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new NetlinkException($"{what}: no answer from the kernel within {AckTimeout.TotalSeconds:0}s");
            }
        }
    }

    /// <summary>One receive: packets are scheduled, errors for verdicts counted; true when the awaited ack came.</summary>
    private bool ReceiveOnce(uint? expectedAck, string what)
    {
        ThrowIfSenderFailed();
        var length = socket.Receive(_buffer);
        var acked = false;
        foreach (var reply in NfQueueMessages.Parse(_buffer.AsSpan(0, length)))
        {
            switch (reply)
            {
                case NfQueuePacket packet:
                    Schedule(packet);
                    break;
                case NetlinkAck ack when ack.Sequence == expectedAck:
                    acked = ack.Errno == 0 ? true : throw new NetlinkException(what, ack.Errno);
                    break;
                case NetlinkAck { Errno: not 0 }:
                    VerdictErrors++;
                    break;
            }
        }
        return acked;
    }

    private void Schedule(NfQueuePacket packet)
    {
        Seen++;
        var now = Stopwatch.GetTimestamp();
        var hold = _flushing ? TimeSpan.Zero : policy.Next();
        if (hold is null)
        {
            Dropped++;
        }
        else
        {
            Delayed++;
        }
        var verdict = hold is null ? NfVerdict.Drop : NfVerdict.Accept;
        var due = now + (long)((hold ?? TimeSpan.Zero).TotalSeconds * Stopwatch.Frequency);
        lock (_gate)
        {
            _pending.Enqueue(new PendingVerdict(packet.PacketId, verdict), (due, _order++));
            Monitor.PulseAll(_gate);
        }
    }

    private void SendLoop()
    {
        try
        {
            while (NextDue() is { } next)
            {
                socket.Send(NfQueueMessages.Verdict(queue, next.PacketId, next.Verdict, Interlocked.Increment(ref _sequence)));
                lock (_gate)
                {
                    _sending = false;
                    Monitor.PulseAll(_gate);
                }
            }
        }
        catch (NetlinkException ex)
        {
            lock (_gate)
            {
                _senderFailure = ex;
                _sending = false;
                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>Waits for the earliest verdict to fall due and takes it; null once stopping with nothing left.</summary>
    private PendingVerdict? NextDue()
    {
        lock (_gate)
        {
            while (true)
            {
                if (_pending.TryPeek(out var next, out var at))
                {
                    var remaining = at.Due - Stopwatch.GetTimestamp();
                    if (remaining <= 0 || _flushing)
                    {
                        _pending.Dequeue();
                        _sending = true;
                        return next;
                    }
                    // Rounded up: waking a little late costs less than spinning on a wake-up that is early.
                    Monitor.Wait(_gate, (int)Math.Ceiling(remaining * 1000.0 / Stopwatch.Frequency));
                }
                else if (_stopping)
                {
                    return null;
                }
                else
                {
                    Monitor.Wait(_gate);
                }
            }
        }
    }

    private void StopSender()
    {
        if (_sender is null)
        {
            return;
        }
        lock (_gate)
        {
            _flushing = true;
            _stopping = true;
            Monitor.PulseAll(_gate);
        }
        _sender.Join(TimeSpan.FromSeconds(5));
        _sender = null;
    }

    private void ThrowIfSenderFailed()
    {
        if (Volatile.Read(ref _senderFailure) is { } failure)
        {
            throw new NetlinkException($"sending verdicts: {failure.Message}", failure);
        }
    }

    private readonly record struct PendingVerdict(uint PacketId, NfVerdict Verdict);
}
