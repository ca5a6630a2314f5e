using System.Formats.Tar;
using System.Text;
using ChaosLab.Lab.Image;

namespace ChaosLab.Lab.Tests.Image;

[Category("Unit")]
public sealed class WorkloadImageRecipeTests
{
    [Test]
    public void A_recipe_hash_depends_only_on_its_lines_and_a_line_break_inside_a_line_is_not_a_new_line()
    {
        Assert.Multiple(() =>
        {
            string[] lines = ["a", "b"];
            Assert.That(RecipeHash.Of(lines), Is.EqualTo(RecipeHash.Of(lines.ToList())).And.Length.EqualTo(64));
            Assert.That(RecipeHash.Of(["a", "b"]), Is.Not.EqualTo(RecipeHash.Of(["b", "a"])));
            Assert.That(RecipeHash.Of(["a\nb"]), Is.Not.EqualTo(RecipeHash.Of(["a", "b"])));
            Assert.That(RecipeHash.TagOf(RecipeHash.Of(["a"])), Has.Length.EqualTo(RecipeHash.TagLength));
        });
    }

    [Test]
    public void Each_image_has_its_own_recipe_tag()
    {
        var tags = new[] { PauseImageRecipe.Tag, ShellImageRecipe.Tag, NodeImageRecipe.Tag };
        Assert.Multiple(() =>
        {
            Assert.That(tags, Is.Unique);
            Assert.That(PauseImageRecipe.Hash, Does.StartWith(PauseImageRecipe.Tag));
            Assert.That(ShellImageRecipe.Reference, Is.EqualTo($"chaoslab/shell:{ShellImageRecipe.Tag}"));
            Assert.That(PauseImageRecipe.Reference, Is.EqualTo($"chaoslab/pause:{PauseImageRecipe.Tag}"));
        });
    }

    [Test]
    public void Shell_is_minbase_from_the_hosts_sources_with_the_tools_pods_use()
    {
        var args = ShellImageRecipe.MmdebstrapArguments("/var/tmp/out.tar");
        Assert.Multiple(() =>
        {
            Assert.That(args, Does.Contain("--variant=minbase").And.Contain(NodeImageRecipe.HostSources).And.Contain("/var/tmp/out.tar"));
            Assert.That(args, Does.Contain("--aptopt=APT::Install-Recommends \"false\""));
            Assert.That(ShellImageRecipe.Packages, Is.SupersetOf(new[] { "curl", "netcat-openbsd", "procps", "iproute2" }));
            Assert.That(args.Single(a => a.StartsWith("--include=", StringComparison.Ordinal)), Does.Contain("netcat-openbsd"));
        });
    }

    [Test]
    public void Shell_has_sh_as_cmd_and_no_entrypoint_so_command_and_args_mean_what_they_mean_in_kubernetes()
    {
        var changes = ShellImageRecipe.ImportChanges("abc");
        Assert.Multiple(() =>
        {
            Assert.That(changes, Does.Contain("CMD [\"/bin/sh\"]"));
            Assert.That(changes, Has.None.StartsWith("ENTRYPOINT"));
            Assert.That(changes, Has.Some.StartsWith("ENV PATH="));
            Assert.That(changes, Does.Contain($"LABEL {LabLabels.Image}=shell {LabLabels.Recipe}=abc"));
        });
    }

    [Test]
    public void Pause_takes_only_the_busybox_static_package_unpacked()
    {
        var args = PauseImageRecipe.MmdebstrapArguments("/var/tmp/p.tar");
        Assert.Multiple(() =>
        {
            Assert.That(args, Does.Contain("--variant=extract").And.Contain("--include=busybox-static").And.Contain(NodeImageRecipe.HostSources));
            Assert.That(PauseImageRecipe.ImportChanges("h"), Does.Contain("ENTRYPOINT [\"/pause\"]").And.Contain($"LABEL {LabLabels.Image}=pause {LabLabels.Recipe}=h"));
        });
    }

    [Test]
    public void Pause_script_traps_sigterm_and_sigint_and_waits_on_a_background_sleep()
    {
        Assert.That(PauseImageRecipe.Script, Does.StartWith("#!/bin/sh\n")
            .And.Contain("trap 'kill $! 2>/dev/null; exit 0' TERM INT")
            .And.Contain("sleep infinity &\nwait\n"));
    }

    [Test]
    public async Task Pause_root_filesystem_holds_busybox_its_applets_the_script_and_a_sticky_tmp()
    {
        using var busybox = new MemoryStream(Encoding.ASCII.GetBytes("ELF busybox"));
        using var tar = new MemoryStream();
        await PauseRootFilesystem.WriteAsync(busybox, tar);
        tar.Position = 0;

        var entries = new Dictionary<string, (TarEntryType Type, string Link, UnixFileMode Mode, string Content)>();
        await using (var reader = new TarReader(tar))
        {
            while (await reader.GetNextEntryAsync(copyData: true) is { } entry)
            {
                var content = entry.DataStream is { } data ? await new StreamReader(data).ReadToEndAsync() : "";
                entries[entry.Name] = (entry.EntryType, entry.LinkName, entry.Mode, content);
            }
        }
        Assert.Multiple(() =>
        {
            Assert.That(entries["bin/busybox"].Content, Is.EqualTo("ELF busybox"));
            Assert.That(entries["bin/busybox"].Mode & UnixFileMode.OtherExecute, Is.EqualTo(UnixFileMode.OtherExecute));
            Assert.That((entries["bin/sh"].Type, entries["bin/sh"].Link), Is.EqualTo((TarEntryType.SymbolicLink, "busybox")));
            Assert.That(entries["bin/sleep"].Link, Is.EqualTo("busybox"));
            Assert.That(entries["pause"].Content, Is.EqualTo(PauseImageRecipe.Script));
            Assert.That(entries["tmp/"].Mode & UnixFileMode.StickyBit, Is.EqualTo(UnixFileMode.StickyBit));
            Assert.That(entries.Keys, Is.SupersetOf(new[] { "dev/", "proc/", "sys/", "etc/" }));
        });
    }
}
