namespace Backups.Operator.Cli.Completion;

/// <summary>
/// The shell scripts of <c>kubectl backup completion bash|zsh</c>. Both ask the plugin itself
/// (<c>kubectl-backup __complete WORDS… CURRENT</c>), which prints one candidate a line and a last line
/// <c>:4</c> (cobra's "no file completion" directive, which kubectl's plugin completion understands too; the protocol is
/// in docs/kubectl-plugin.md, "Completion").
/// </summary>
public static class CompletionScripts
{
    public const string Bash = """
        # bash completion for kubectl-backup (and `kubectl backup` through kubectl_complete-backup)
        # Load it with:  source <(kubectl-backup completion bash)
        _kubectl_backup_complete() {
            local IFS=$'\n'
            local words=("${COMP_WORDS[@]:1:COMP_CWORD}")
            COMPREPLY=($(kubectl-backup __complete "${words[@]}" 2>/dev/null | grep -v '^:'))
        }
        complete -o default -F _kubectl_backup_complete kubectl-backup

        """;

    public const string Zsh = """
        #compdef kubectl-backup
        # zsh completion for kubectl-backup (and `kubectl backup` through kubectl_complete-backup)
        # Load it with:  source <(kubectl-backup completion zsh)
        _kubectl_backup_complete() {
            local -a candidates
            candidates=("${(@f)$(kubectl-backup __complete "${(@)words[2,CURRENT]}" 2>/dev/null | grep -v '^:')}")
            compadd -- "${candidates[@]}"
        }
        if (( $+functions[compdef] )); then
            compdef _kubectl_backup_complete kubectl-backup
        fi

        """;
}
