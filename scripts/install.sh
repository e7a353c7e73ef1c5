#!/usr/bin/env bash
# Installs cfn-wave from its unpacked release archive, with no network:
#   install.sh [--prefix DIR]      (default DIR: ~/.local)
#   install.sh --uninstall [--prefix DIR]
# DIR/lib/cfn-wave gets a copy of the archive (set CFN_WAVE_HOME to it to name this install), and
# links to it go where they are looked for beside a bin folder on PATH: DIR/bin/cfn-wave,
# DIR/share/bash-completion/completions/cfn-wave (bash-completion), DIR/share/zsh/site-functions/
# _cfn-wave (zsh's fpath) and DIR/share/man/man1/cfn-wave*.1 (man). --uninstall removes exactly
# what the install put there, as recorded in DIR/lib/cfn-wave/.installed, and the folders it made.
set -euo pipefail

say() { printf 'install.sh: %s\n' "$*" >&2; }
fail() {
  say "$*"
  exit 2
}

prefix=
uninstall=false
while (($#)); do
  case $1 in
    --prefix)
      (($# >= 2)) || fail "--prefix needs a folder"
      prefix=$2
      shift 2
      ;;
    --prefix=*)
      prefix=${1#*=}
      shift
      ;;
    --uninstall)
      uninstall=true
      shift
      ;;
    -h | --help)
      sed -n '2,9s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
      exit 0
      ;;
    *) fail "unknown argument $1 (usage: install.sh [--prefix DIR] [--uninstall])" ;;
  esac
done
if [[ -z "$prefix" ]]; then
  [[ -n "${HOME:-}" ]] || fail "HOME is not set: name the folder with --prefix DIR"
  prefix=$HOME/.local
fi

src=$(cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
record_name=.installed

# The links of an install whose files are in $1: "link target" lines, link relative to the prefix.
links_of() {
  local home=$1 page
  printf '%s %s\n' bin/cfn-wave "$home/bin/cfn-wave"
  printf '%s %s\n' share/bash-completion/completions/cfn-wave \
    "$home/share/bash-completion/completions/cfn-wave"
  printf '%s %s\n' share/zsh/site-functions/_cfn-wave "$home/share/zsh/site-functions/_cfn-wave"
  for page in "$home"/share/man/man1/*.1; do
    [[ -e "$page" ]] && printf '%s %s\n' "share/man/man1/${page##*/}" "$page"
  done
}

# Removes the install recorded in $1/lib/cfn-wave: its links, its files, the folders it made
# (recorded as absolute paths, parents first).
remove_install() {
  local prefix=$1 home=$1/lib/cfn-wave kind path
  local -a dirs=()
  while read -r kind path; do
    case $kind in
      link)
        if [[ -L "$prefix/$path" && "$(readlink "$prefix/$path")" == "$home"/* ]]; then
          rm -f -- "$prefix/$path"
          say "removed $prefix/$path"
        fi
        ;;
      dir) dirs=("$path" ${dirs[@]+"${dirs[@]}"}) ;;
    esac
  done <"$home/$record_name"
  rm -rf -- "$home"
  say "removed $home"
  # Deepest first (recorded parents first); a folder something else now uses stays.
  for path in ${dirs[@]+"${dirs[@]}"}; do
    if rmdir -- "$path" 2>/dev/null; then say "removed $path"; fi
  done
}

if $uninstall; then
  [[ -d "$prefix" ]] || fail "$prefix does not exist: nothing to uninstall"
  prefix=$(cd -P -- "$prefix" && pwd)
  if [[ ! -f "$prefix/lib/cfn-wave/$record_name" ]]; then
    say "cfn-wave is not installed in $prefix (no $prefix/lib/cfn-wave/$record_name): nothing to do"
    exit 0
  fi
  remove_install "$prefix"
  say "uninstalled cfn-wave from $prefix"
  exit 0
fi

[[ -f "$src/lib/cfn-wave.jar" && -x "$src/bin/cfn-wave" ]] ||
  fail "$src is not an unpacked cfn-wave release archive (no lib/cfn-wave.jar): run the install.sh inside one"

# Folders that do not exist yet are recorded, so that --uninstall removes them again.
made=()
make_dir() {
  local dir=$1
  [[ -d "$dir" ]] && return 0
  make_dir "$(dirname -- "$dir")"
  mkdir -- "$dir" || fail "cannot create $dir"
  made+=("$dir")
}
case $prefix in
  /*) ;;
  *) prefix=$PWD/$prefix ;;
esac
make_dir "$prefix"
prefix=$(cd -P -- "$prefix" && pwd)
home=$prefix/lib/cfn-wave
[[ "$src" != "$home" ]] || fail "this is the installed copy; run the install.sh of an unpacked archive"

# Nothing is changed while something in the way is not this installer's.
if [[ -e "$home" && ! -f "$home/$record_name" ]]; then
  fail "$home exists and was not made by install.sh: move it away first"
fi
while read -r link _; do
  if [[ -e "$prefix/$link" || -L "$prefix/$link" ]] &&
    ! [[ -L "$prefix/$link" && "$(readlink "$prefix/$link")" == "$home"/* ]]; then
    fail "$prefix/$link exists and is not cfn-wave's: move it away first"
  fi
done < <(links_of "$src")

if [[ -f "$home/$record_name" ]]; then
  say "replacing the cfn-wave installed in $prefix"
  # the folders the earlier install made stay recorded
  while read -r kind path; do
    [[ $kind == dir ]] && made+=("$path")
  done <"$home/$record_name"
  remove_install "$prefix" >/dev/null 2>&1
fi

make_dir "$prefix/lib"
cp -R -- "$src" "$home"
say "copied $src to $home"
while read -r link target; do
  make_dir "$(dirname -- "$prefix/$link")"
  ln -s -- "$target" "$prefix/$link"
  say "linked $prefix/$link"
done < <(links_of "$home")
{
  links_of "$home" | while read -r link _; do printf 'link %s\n' "$link"; done
  for dir in ${made[@]+"${made[@]}"}; do printf 'dir %s\n' "$dir"; done
} >"$home/$record_name"

# The first run records the class-data archive that makes later starts faster.
if version=$("$prefix/bin/cfn-wave" --version 2>&1 | head -n 1); then
  say "installed $version in $prefix"
else
  say "installed in $prefix, but it does not start yet: $version"
fi
case ":${PATH:-}:" in
  *":$prefix/bin:"*) ;;
  *) say "$prefix/bin is not on PATH: add   export PATH=\"$prefix/bin:\$PATH\"   to ~/.bashrc or ~/.zshrc" ;;
esac
say "bash completion loads from $prefix/share/bash-completion/completions (bash-completion), and man finds the pages, once $prefix/bin is on PATH"
say "zsh: put   fpath=($prefix/share/zsh/site-functions \$fpath)   before compinit in ~/.zshrc, unless it is on fpath already"
say "the drop-in skill for a repository: cfn-wave skill install [DIR]; uninstall: $home/install.sh --uninstall --prefix $prefix"
