using ChaosLab.Lab.Network;

namespace ChaosLab.Lab.Tests.Network;

[Category("Unit")]
public sealed class HostFirewallTests
{
    [Test]
    public void Tokenize_keeps_a_quoted_comment_as_one_argument()
    {
        var tokens = HostFirewall.Tokenize("-A INPUT -i cl-abc -m conntrack ! --ctstate RELATED,ESTABLISHED -m comment --comment \"chaoslab:ha:1234\" -j DROP");

        Assert.That(tokens, Is.EqualTo(new[]
        {
            "-A", "INPUT", "-i", "cl-abc", "-m", "conntrack", "!", "--ctstate", "RELATED,ESTABLISHED",
            "-m", "comment", "--comment", "chaoslab:ha:1234", "-j", "DROP",
        }));
    }

    [Test]
    public void Comment_names_lab_and_instance() =>
        Assert.That(HostFirewall.Comment("ha", "0a1b"), Is.EqualTo("chaoslab:ha:0a1b"));
}
