using System.Text;
using System.Text.RegularExpressions;

namespace Streams.Docs.Tests;

/// <summary>
/// The fenced <c>```csharp</c> blocks of README.md and every page under docs/, as a reader copies them. A block compiles
/// on its own, as a console program (top-level statements, the SDK's implicit usings, nothing else: the Streams usings
/// must be in the block). Two HTML comments on the line before a block change that:
/// <list type="bullet">
/// <item><c>&lt;!-- snippet: continues --&gt;</c>: the block continues the previous C# block of the page (its
/// variables and types are in scope), as a page that builds one example step by step; the using directives it starts
/// with go to the top of the program, where a reader puts them;</item>
/// <item><c>&lt;!-- snippet: fragment --&gt;</c>: the block is a fragment that cannot compile alone (a signature, an
/// excerpt); it is listed and counted, not compiled.</item>
/// </list>
/// </summary>
public sealed partial record DocSnippet(string File, int Line, string Code, bool Fragment)
{
    /// <summary>How many fenced blocks this snippet is made of (1, plus the blocks that continue it).</summary>
    public int Blocks { get; init; } = 1;

    /// <summary>The repository root: the folder holding Streams.sln above the test's output folder.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>Every C# block of README.md and docs/*.md, in page order; continued blocks already joined to their start.</summary>
    public static IReadOnlyList<DocSnippet> All { get; } = Load();

    /// <inheritdoc />
    public override string ToString() => $"{File}:{Line}";

    private static List<DocSnippet> Load()
    {
        var pages = new[] { Path.Combine(RepositoryRoot, "README.md") }
            .Concat(Directory.GetFiles(Path.Combine(RepositoryRoot, "docs"), "*.md").Order(StringComparer.Ordinal));
        var snippets = new List<DocSnippet>();
        foreach (var page in pages)
        {
            snippets.AddRange(Read(Path.GetRelativePath(RepositoryRoot, page), System.IO.File.ReadAllLines(page)));
        }

        return snippets;
    }

    private static List<DocSnippet> Read(string file, string[] lines)
    {
        var result = new List<DocSnippet>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (!CSharpFence().IsMatch(lines[i]))
            {
                continue;
            }

            var marker = i > 0 ? Marker().Match(lines[i - 1]) : Match.Empty;
            var start = i + 1;
            var code = new StringBuilder();
            for (i++; i < lines.Length && !lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal); i++)
            {
                code.AppendLine(lines[i]);
            }

            var kind = marker.Success ? marker.Groups[1].Value : null;
            if (kind == "continues" && result.Count > 0 && !result[^1].Fragment)
            {
                // A reader puts the using directives a continued block adds at the top of the file: so does the test.
                var (usings, body) = SplitUsings(code.ToString(), file, start + 1);
                var previous = result[^1];
                result[^1] = previous with { Code = usings + previous.Code + body, Blocks = previous.Blocks + 1 };
                continue;
            }

            result.Add(new DocSnippet(file, start, $"#line {start + 1} \"{file}\"" + Environment.NewLine + code, kind == "fragment"));
        }

        return result;
    }

    private static (string Usings, string Body) SplitUsings(string code, string file, int start)
    {
        var lines = code.Split(Environment.NewLine);
        var usings = new StringBuilder();
        var count = 0;
        for (; count < lines.Length && (UsingDirective().IsMatch(lines[count]) || (lines[count].Length == 0 && count + 1 < lines.Length && UsingDirective().IsMatch(lines[count + 1]))); count++)
        {
            if (lines[count].Length > 0)
            {
                usings.AppendLine($"#line {start + count} \"{file}\"").AppendLine(lines[count]);
            }
        }

        return (usings.ToString(), $"#line {start + count} \"{file}\"" + Environment.NewLine + string.Join(Environment.NewLine, lines[count..]));
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "Streams.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Streams.sln above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"^\s*```(csharp|cs|c#)\s*$")]
    private static partial Regex CSharpFence();

    [GeneratedRegex(@"^using (static )?[A-Za-z_][A-Za-z0-9_.]*( = [A-Za-z0-9_.<>, ]+)?;\s*$")]
    private static partial Regex UsingDirective();

    [GeneratedRegex(@"<!--\s*snippet:\s*(continues|fragment)\s*-->")]
    private static partial Regex Marker();
}
