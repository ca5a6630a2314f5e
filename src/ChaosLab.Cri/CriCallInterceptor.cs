using Grpc.Core;
using Grpc.Core.Interceptors;

namespace ChaosLab.Cri;

/// <summary>
/// Gives each call the default deadline when it has none, and turns a failed unary call's
/// <see cref="RpcException"/> into a <see cref="CriException"/> naming the RPC. A call cancelled by its
/// own token throws <see cref="OperationCanceledException"/> instead: that is the caller's decision, not
/// a runtime failure. Every CRI v1 RPC we use is unary; other kinds only get the deadline.
/// </summary>
internal sealed class CriCallInterceptor(string socketPath, TimeSpan defaultTimeout) : Interceptor
{
    public override TResponse BlockingUnaryCall<TRequest, TResponse>(
        TRequest request,
        ClientInterceptorContext<TRequest, TResponse> context,
        BlockingUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        var (withDeadline, timeout) = WithDefaultDeadline(context);
        try
        {
            return continuation(request, withDeadline);
        }
        catch (RpcException error)
        {
            throw Translate(context.Method.Name, error, timeout, withDeadline.Options.CancellationToken);
        }
    }

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request,
        ClientInterceptorContext<TRequest, TResponse> context,
        AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        var (withDeadline, timeout) = WithDefaultDeadline(context);
        var call = continuation(request, withDeadline);
        var rpc = context.Method.Name;
        var ct = withDeadline.Options.CancellationToken;
        return new AsyncUnaryCall<TResponse>(
            Translated(call.ResponseAsync, rpc, timeout, ct),
            Translated(call.ResponseHeadersAsync, rpc, timeout, ct),
            call.GetStatus,
            call.GetTrailers,
            call.Dispose);
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        TRequest request,
        ClientInterceptorContext<TRequest, TResponse> context,
        AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, WithDefaultDeadline(context).Context);

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(
        ClientInterceptorContext<TRequest, TResponse> context,
        AsyncClientStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(WithDefaultDeadline(context).Context);

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(
        ClientInterceptorContext<TRequest, TResponse> context,
        AsyncDuplexStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(WithDefaultDeadline(context).Context);

    /// <summary>The context with a deadline, and how long that deadline gives the call (null: unbounded).</summary>
    private (ClientInterceptorContext<TRequest, TResponse> Context, TimeSpan? Timeout) WithDefaultDeadline<TRequest, TResponse>(
        ClientInterceptorContext<TRequest, TResponse> context)
        where TRequest : class
        where TResponse : class
    {
        var now = DateTime.UtcNow;
        if (context.Options.Deadline is { } deadline)
        {
            return (context, deadline == DateTime.MaxValue ? null : deadline.ToUniversalTime() - now);
        }
        var options = context.Options.WithDeadline(now + defaultTimeout);
        return (new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, options), defaultTimeout);
    }

    private async Task<T> Translated<T>(Task<T> task, string rpc, TimeSpan? timeout, CancellationToken ct)
    {
        try
        {
            return await task;
        }
        catch (RpcException error)
        {
            throw Translate(rpc, error, timeout, ct);
        }
    }

    private Exception Translate(string rpc, RpcException error, TimeSpan? timeout, CancellationToken ct) =>
        error.StatusCode == StatusCode.Cancelled && ct.IsCancellationRequested
            ? new OperationCanceledException($"CRI {rpc} was cancelled.", error, ct)
            : CriException.FromRpc(rpc, error, socketPath, timeout);
}
