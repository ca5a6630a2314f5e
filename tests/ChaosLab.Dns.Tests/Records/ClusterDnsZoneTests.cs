using System.Net;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using ChaosLab.Dns.Records;
using k8s.Models;

namespace ChaosLab.Dns.Tests.Records;

[Category("Unit")]
public sealed class ClusterDnsZoneTests
{
    private static readonly ClusterDnsZone Zone = new("cluster.local",
        [
            Service("default", "web", "10.96.0.20", ("http", 80)),
            Service("other", "web", "10.96.0.21"),
            Service("db", "pg", "None", ("pg", 5432)),
            new V1Service { Metadata = new V1ObjectMeta { Name = "ext", NamespaceProperty = "default" }, Spec = new V1ServiceSpec { Type = "ExternalName", ExternalName = "example.org" } },
        ],
        [
            Slice("db", "pg", ("pg", 5432), ("10.244.1.5", "pg-0", true), ("10.244.2.7", "pg-1", true), ("10.244.2.9", null, false)),
        ]);

    [Test]
    public void A_ClusterIP_service_resolves_to_its_cluster_ip()
    {
        var result = Zone.Lookup(DomainName.Parse("web.default.svc.cluster.local"), RecordType.A);

        Assert.That(result.Code, Is.EqualTo(ReturnCode.NoError));
        Assert.That(Addresses(result), Is.EqualTo(new[] { "10.96.0.20" }));
        Assert.That(Zone.Lookup(DomainName.Parse("WEB.Other.svc.cluster.local"), RecordType.A).Answers.OfType<ARecord>().Single().Address, Is.EqualTo(IPAddress.Parse("10.96.0.21")));
    }

    [Test]
    public void A_headless_service_resolves_to_its_ready_endpoints_and_each_by_hostname()
    {
        Assert.That(Addresses(Zone.Lookup(DomainName.Parse("pg.db.svc.cluster.local"), RecordType.A)), Is.EquivalentTo(new[] { "10.244.1.5", "10.244.2.7" }));
        Assert.That(Addresses(Zone.Lookup(DomainName.Parse("pg-1.pg.db.svc.cluster.local"), RecordType.A)), Is.EqualTo(new[] { "10.244.2.7" }));
        Assert.That(Zone.Lookup(DomainName.Parse("pg-2.pg.db.svc.cluster.local"), RecordType.A).Code, Is.EqualTo(ReturnCode.NxDomain));
        // Not ready: neither in the service's answer nor by its dashed address.
        Assert.That(Zone.Lookup(DomainName.Parse("10-244-2-9.pg.db.svc.cluster.local"), RecordType.A).Code, Is.EqualTo(ReturnCode.NxDomain));
    }

    [Test]
    public void Srv_records_name_the_service_or_each_endpoint_of_a_headless_one()
    {
        var clusterIp = Zone.Lookup(DomainName.Parse("_http._tcp.web.default.svc.cluster.local"), RecordType.Srv);
        var srv = clusterIp.Answers.OfType<SrvRecord>().Single();
        Assert.That((srv.Port, srv.Target.ToString()), Is.EqualTo(((ushort)80, "web.default.svc.cluster.local.")));
        Assert.That(Addresses(clusterIp.Additional), Is.EqualTo(new[] { "10.96.0.20" }));

        var headless = Zone.Lookup(DomainName.Parse("_pg._tcp.pg.db.svc.cluster.local"), RecordType.Srv);
        Assert.That(headless.Answers.OfType<SrvRecord>().Select(r => r.Target.ToString()),
            Is.EquivalentTo(new[] { "pg-0.pg.db.svc.cluster.local.", "pg-1.pg.db.svc.cluster.local." }));

        Assert.That(Zone.Lookup(DomainName.Parse("_dns._udp.web.default.svc.cluster.local"), RecordType.Srv).Code, Is.EqualTo(ReturnCode.NxDomain));
    }

    [Test]
    public void An_ExternalName_service_is_a_cname_and_nothing_is_forwarded()
    {
        var result = Zone.Lookup(DomainName.Parse("ext.default.svc.cluster.local"), RecordType.A);

        Assert.That(result.Answers.OfType<CNameRecord>().Single().CanonicalName.ToString(), Is.EqualTo("example.org."));
        Assert.That(result.Answers.OfType<ARecord>(), Is.Empty);
    }

    [Test]
    public void Pod_names_carry_their_address()
    {
        Assert.That(Addresses(Zone.Lookup(DomainName.Parse("10-244-1-5.db.pod.cluster.local"), RecordType.A)), Is.EqualTo(new[] { "10.244.1.5" }));
        Assert.That(Zone.Lookup(DomainName.Parse("10-244-1.db.pod.cluster.local"), RecordType.A).Code, Is.EqualTo(ReturnCode.NxDomain));
        Assert.That(Zone.Lookup(DomainName.Parse("010-244-1-5.db.pod.cluster.local"), RecordType.A).Code, Is.EqualTo(ReturnCode.NxDomain));
    }

    [Test]
    public void Missing_names_are_nxdomain_existing_names_without_the_type_are_nodata_both_with_the_soa()
    {
        var missing = Zone.Lookup(DomainName.Parse("nope.default.svc.cluster.local"), RecordType.A);
        Assert.That(missing.Code, Is.EqualTo(ReturnCode.NxDomain));
        Assert.That(missing.Authority.OfType<SoaRecord>().Single().MasterName.ToString(), Is.EqualTo("ns.dns.cluster.local."));
        Assert.That(Zone.Lookup(DomainName.Parse("web.nons.svc.cluster.local"), RecordType.A).Code, Is.EqualTo(ReturnCode.NxDomain));
        Assert.That(Zone.Lookup(DomainName.Parse("web.cluster.local"), RecordType.A).Code, Is.EqualTo(ReturnCode.NxDomain));

        var noData = Zone.Lookup(DomainName.Parse("web.default.svc.cluster.local"), RecordType.Aaaa);
        Assert.That((noData.Code, noData.Answers.Count, noData.Authority.Count), Is.EqualTo((ReturnCode.NoError, 0, 1)));
        Assert.That(Zone.Lookup(DomainName.Parse("default.svc.cluster.local"), RecordType.A).Code, Is.EqualTo(ReturnCode.NoError));
        Assert.That(Zone.Lookup(DomainName.Parse("cluster.local"), RecordType.Soa).Answers.OfType<SoaRecord>(), Has.Exactly(1).Items);
    }

    [Test]
    public void Names_outside_the_cluster_domain_are_refused()
    {
        Assert.That(Zone.Lookup(DomainName.Parse("example.org"), RecordType.A).Code, Is.EqualTo(ReturnCode.Refused));
        Assert.That(Zone.Lookup(DomainName.Parse("web.default.svc.cluster.local.example.org"), RecordType.A).Code, Is.EqualTo(ReturnCode.Refused));
        Assert.That(Zone.Lookup(DomainName.Parse("local"), RecordType.A).Code, Is.EqualTo(ReturnCode.Refused));
    }

    [Test]
    public void Another_cluster_domain_is_served_instead()
    {
        var zone = new ClusterDnsZone("lab.test.", [Service("default", "web", "10.96.0.20")], []);

        Assert.That(Addresses(zone.Lookup(DomainName.Parse("web.default.svc.lab.test"), RecordType.A)), Is.EqualTo(new[] { "10.96.0.20" }));
        Assert.That(zone.Lookup(DomainName.Parse("web.default.svc.cluster.local"), RecordType.A).Code, Is.EqualTo(ReturnCode.Refused));
    }

    private static string[] Addresses(DnsLookupResult result) => Addresses(result.Answers);

    private static string[] Addresses(IEnumerable<DnsRecordBase> records) => [.. records.OfType<ARecord>().Select(r => r.Address.ToString())];

    private static V1Service Service(string ns, string name, string clusterIp, params (string Name, int Port)[] ports) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        Spec = new V1ServiceSpec
        {
            Type = "ClusterIP",
            ClusterIP = clusterIp,
            Ports = [.. ports.Select(p => new V1ServicePort { Name = p.Name, Port = p.Port, Protocol = "TCP" })],
        },
    };

    private static V1EndpointSlice Slice(string ns, string service, (string Name, int Port) port, params (string Ip, string? Hostname, bool Ready)[] endpoints) => new()
    {
        Metadata = new V1ObjectMeta { Name = $"{service}-abc", NamespaceProperty = ns, Labels = new Dictionary<string, string> { ["kubernetes.io/service-name"] = service } },
        AddressType = "IPv4",
        Ports = [new Discoveryv1EndpointPort { Name = port.Name, Port = port.Port, Protocol = "TCP" }],
        Endpoints = [.. endpoints.Select(e => new V1Endpoint { Addresses = [e.Ip], Hostname = e.Hostname, Conditions = new V1EndpointConditions { Ready = e.Ready } })],
    };
}
