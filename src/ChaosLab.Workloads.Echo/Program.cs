using ChaosLab.Workloads.Echo;

// `chaoslab-echo [--port N]`: the chaoslab/echo image's ENTRYPOINT. The same server runs as
// `chaoslab-node workload chaoslab/echo`; this program lets an image hold it without chaoslab-node
// (and without ASP.NET Core, which chaoslab-node needs and the echo server does not).
return await EchoServer.RunAsync(args);
