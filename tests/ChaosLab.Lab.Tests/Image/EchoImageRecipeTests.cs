using ChaosLab.Lab.Image;

namespace ChaosLab.Lab.Tests.Image;

[Category("Unit")]
public sealed class EchoImageRecipeTests
{
    private static readonly (string, string)[] App = [("chaoslab-echo.dll", "aa"), ("ChaosLab.Workloads.dll", "bb")];

    private static EchoImageRecipe Recipe(string baseImage = "chaoslab/shell:111111111111", string runtime = "10.0.12", (string, string)[]? app = null) =>
        new(baseImage, runtime, "10.0.12", app ?? App);

    [Test]
    public void The_same_inputs_give_the_same_tag_in_any_file_order()
    {
        Assert.That(Recipe(app: [App[1], App[0]]).Hash, Is.EqualTo(Recipe().Hash));
    }

    [Test]
    public void A_new_build_a_new_runtime_or_a_new_shell_image_changes_the_tag()
    {
        var tags = new[]
        {
            Recipe().Tag,
            Recipe(app: [("chaoslab-echo.dll", "a2"), App[1]]).Tag,
            Recipe(runtime: "10.0.13").Tag,
            Recipe(baseImage: "chaoslab/shell:222222222222").Tag,
        };
        Assert.That(tags, Is.Unique);
    }

    [Test]
    public void Dockerfile_is_built_on_the_shell_image_with_the_runtime_first_and_the_server_as_entrypoint()
    {
        var lines = Recipe().Dockerfile("h").Split('\n');
        Assert.Multiple(() =>
        {
            Assert.That(lines[0], Is.EqualTo("FROM chaoslab/shell:111111111111"));
            Assert.That(lines[1], Is.EqualTo("COPY dotnet/ /usr/share/dotnet/"));
            Assert.That(lines[2], Is.EqualTo("COPY app/ /opt/chaoslab/echo/"));
            Assert.That(lines, Does.Contain("ENTRYPOINT [\"/usr/share/dotnet/dotnet\", \"/opt/chaoslab/echo/chaoslab-echo.dll\"]"));
            // Setting ENTRYPOINT clears the base image's CMD; a CMD here would become the server's arguments.
            Assert.That(lines, Has.None.StartsWith("CMD"));
            Assert.That(lines.Single(l => l.StartsWith("ENV ", StringComparison.Ordinal)), Does.Contain("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1"));
            Assert.That(lines, Does.Contain($"LABEL {LabLabels.Image}=echo {LabLabels.Recipe}=h"));
        });
    }

    [Test]
    public void Required_runtime_is_read_from_the_runtimeconfig()
    {
        const string Json = """{"runtimeOptions":{"tfm":"net10.0","framework":{"name":"Microsoft.NETCore.App","version":"10.0.0"},"configProperties":{}}}""";
        Assert.That(EchoImageRecipe.RequiredRuntime(Json), Is.EqualTo(new Version(10, 0, 0)));
    }

    [Test]
    public void Highest_version_prefers_the_highest_patch_and_a_release_over_its_preview()
    {
        var root = Directory.CreateTempSubdirectory("chaoslab-versions-").FullName;
        try
        {
            foreach (var name in new[] { "9.0.5", "10.0.9", "10.0.12", "10.0.12-rc.1", "11.0.0-preview.1", "notaversion" })
            {
                Directory.CreateDirectory(Path.Combine(root, name));
            }
            Assert.Multiple(() =>
            {
                Assert.That(EchoImageRecipe.HighestVersion(root, v => v.Major == 10 && v.Minor == 0), Is.EqualTo("10.0.12"));
                Assert.That(EchoImageRecipe.HighestVersion(root, _ => true), Is.EqualTo("11.0.0-preview.1"));
                Assert.That(EchoImageRecipe.HighestVersion(root, v => v.Major == 8), Is.Null);
                Assert.That(EchoImageRecipe.HighestVersion(Path.Combine(root, "missing"), _ => true), Is.Null);
            });
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public void For_host_reads_the_build_and_the_runtime_and_the_context_holds_only_that_runtime()
    {
        var root = Directory.CreateTempSubdirectory("chaoslab-echo-").FullName;
        try
        {
            var app = Directory.CreateDirectory(Path.Combine(root, "app")).FullName;
            File.WriteAllText(Path.Combine(app, "chaoslab-echo.dll"), "dll");
            File.WriteAllText(Path.Combine(app, "chaoslab-echo.runtimeconfig.json"),
                """{"runtimeOptions":{"framework":{"name":"Microsoft.NETCore.App","version":"10.0.0"}}}""");
            var dotnet = Path.Combine(root, "dotnet");
            foreach (var folder in new[] { "shared/Microsoft.NETCore.App/10.0.12", "shared/Microsoft.NETCore.App/9.0.1", "shared/Microsoft.AspNetCore.App/10.0.12", "host/fxr/10.0.12", "sdk/10.0.100" })
            {
                Directory.CreateDirectory(Path.Combine(dotnet, folder));
                File.WriteAllText(Path.Combine(dotnet, folder, "lib.so"), folder);
            }
            File.WriteAllText(Path.Combine(dotnet, "dotnet"), "muxer");

            var recipe = EchoImageRecipe.ForHost("chaoslab/shell:x", app, dotnet);
            var targets = EchoBuildContext.Files(recipe, app, dotnet).Select(f => f.Target).ToList();

            Assert.Multiple(() =>
            {
                Assert.That((recipe.RuntimeVersion, recipe.HostFxrVersion), Is.EqualTo(("10.0.12", "10.0.12")));
                Assert.That(recipe.AppFiles.Select(f => f.Path), Is.EquivalentTo(new[] { "chaoslab-echo.dll", "chaoslab-echo.runtimeconfig.json" }));
                Assert.That(targets, Is.EquivalentTo(new[]
                {
                    "dotnet/dotnet", "dotnet/host/fxr/10.0.12/lib.so", "dotnet/shared/Microsoft.NETCore.App/10.0.12/lib.so",
                    "app/chaoslab-echo.dll", "app/chaoslab-echo.runtimeconfig.json",
                }));
            });

            File.WriteAllText(Path.Combine(app, "chaoslab-echo.dll"), "changed");
            Assert.That(EchoImageRecipe.ForHost("chaoslab/shell:x", app, dotnet).Tag, Is.Not.EqualTo(recipe.Tag));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public void For_host_without_the_echo_build_says_how_to_build_it()
    {
        var empty = Directory.CreateTempSubdirectory("chaoslab-echo-").FullName;
        try
        {
            Assert.That(() => EchoImageRecipe.ForHost("chaoslab/shell:x", empty, "/nonexistent"),
                Throws.TypeOf<LabException>().With.Message.Contains("echo server is not built").And.Message.Contains("dotnet build"));
        }
        finally
        {
            Directory.Delete(empty);
        }
    }
}
