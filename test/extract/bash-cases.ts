// Bash commands in the shapes Claude Code writes them, with the files each one really
// writes (what the shell would do), for the table tests and scripts/bench-bash.ts.
// Run from CWD with HOME. A case the reader cannot get right says so in `got` (what
// it reports instead) and `why`: those count against precision and recall.
//
// Decisions (each has cases below):
//   redirections    `>` `>>` `>|` `&>` `&>>` `>&file`: the target. Not `<>` (opens to read and
//                   write, used for locks), not fd dups/closes, not /dev/* or /proc/*.
//   tee, touch, truncate   every operand (not touch -r's reference).
//   cp, mv, install, ln    the destination as written (a directory stays a directory: which
//                   files land in it is a guess); `-t DIR` gives DIR. install -d makes dirs: none.
//                   ln: the link is a new entry in the tree, so it counts.
//   rsync, git mv   the destination; rsync to host:path is another machine: none.
//   sed -i, perl -i, ruby -i   the files after the script (`-i.bak`, `-i ''`, `--in-place`).
//   dd of=, curl -o/--output/-O (the URL's last segment), wget -O (not `-O -`), tar -c/-r/-u
//                   -f, zip's archive: the file. curl -D/-c (headers, cookies) are not counted.
//   not writes      mkdir, rm, git rm/checkout/restore/apply/stash, chmod, tar -x, unzip: they
//                   make directories, delete, restore, or write members we cannot name.
//   programs        what a program writes by its own logic (node -e code, prettier --write,
//                   npm install, awk's print >) is not visible in the command: not counted.
//   sh/bash -c      the script is read as shell (its cd stays in its child); docker exec and
//                   ssh run elsewhere: none. xargs: only its fixed arguments.
//   paths           `~`, `~/x`, `$HOME`, `${HOME}` are the home, `$PWD` the followed cwd; any
//                   other `$VAR`, `~user`, glob or substitution: not reported; one `{a,b}` or `{1..3}` group is expanded. A quoted
//                   "~/x" is a folder named ~ (what the shell does).

export const HOME = "/home/u";
export const CWD = "/home/u/proj";

export interface BashCase {
  command: string;
  /** Absolute paths; a relative one here is relative to CWD. */
  writes: string[];
  /** Only for a known limit: what filesWrittenByBash reports instead. */
  got?: string[];
  why?: string;
}

const c = (command: string, writes: string[] = [], limit?: { got: string[]; why: string }): BashCase => ({ command, writes, ...limit });

export const CASES: BashCase[] = [
  // Heredocs: bodies are text, whatever they hold.
  c(`git commit -m "$(cat <<'EOF'\nfix: compare a > b before c >> d\n\nCo-Authored-By: Claude <noreply@anthropic.com>\nEOF\n)"`),
  c(
    `git add -A && git commit -m "$(cat <<'EOF'\nfeat: parse x > 1e-6\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)\n\nCo-Authored-By: Claude <noreply@anthropic.com>\nEOF\n)" && git push origin main`,
  ),
  c(`cat > src/config.ts <<'EOF'\nexport const big = (a: number, b: number) => a > b ? a : b;\nconst s = "it's > 1";\nEOF`, ["src/config.ts"]),
  c(`cat <<EOF > ~/.config/app/settings.json\n{"path": "$HOME/x", "cmp": "a > b"}\nEOF`, ["/home/u/.config/app/settings.json"]),
  c(`cat >> notes.md << 'EOF'\n- item > other\n- don't > stop\nEOF\necho done > status.txt`, ["notes.md", "status.txt"]),
  c(`if true; then\n\tcat <<-EOF > out.txt\n\thello > world\n\tEOF\nfi`, ["out.txt"]),
  c(`cat <<A - <<B > both.txt\na > /home/u/0,\nA\nb >> =\nB\necho after > after.txt`, ["both.txt", "after.txt"]),
  c(`python3 - <<'PY'\nwith open('data.csv') as f:\n    rows = [r for r in f if len(r) > 80]\nprint(1e-6 > 0, file=open('/tmp/py.txt', 'w'))\nPY`),
  c(`git commit -F - <<'EOF'\nrefactor: move x > y\nEOF`),
  c(`cat <<"EOF" | kubectl apply -f -\nkind: ConfigMap\ndata: {a: "x > y"}\nEOF`),
  c(`sudo tee /etc/nginx/conf.d/app.conf > /dev/null <<'EOF'\nserver { listen 80; location / { proxy_pass http://127.0.0.1:3000; } }\nEOF`, [
    "/etc/nginx/conf.d/app.conf",
  ]),
  c(`grep -c error <<< "a > b"`),
  c(`bc -l <<< "1e-6 > 0"`),
  c(`cat > a.txt <<EOF\nthe terminator never comes > here`, ["a.txt"]),
  c(`psql -d app <<SQL\nselect * from t where total > 100;\nSQL`),
  c(`node <<'JS'\nconst total = 5; if (total > 3) console.log(">= 3")\nJS\necho ok`),
  c(`VAR=$(cat <<'EOF'\n> not a redirect\nEOF\n); echo "$VAR" > var.txt`, ["var.txt"]),
  c(`cat <<EOF\n$(echo x > /tmp/nope)\nEOF`, ["/tmp/nope"], { got: [], why: "an unquoted heredoc body runs its $(...); bodies are skipped" }),

  // Interpreters' code is not shell.
  c(`python3 -c "import json; d=json.load(open('a.json')); print(d['x'] > 1)"`),
  c(`python -c 'import sys; sys.exit(0 if 1e-6 > 0 else 1)' && echo ok`),
  c(`python3 -c "print(x > 1)" > result.txt`, ["result.txt"]),
  c(`node -e "console.log(process.argv.length > 2 && 'a' || 'b')"`),
  c(`node -p "require('./package.json').version" > VERSION`, ["VERSION"]),
  c(`perl -e 'print "a" x 3 > 2; print STDERR "x"'`),
  c(`ruby -e 'puts 1 > 0; File.exist?("x")'`),
  c(`python3 -c "\nimport os\nfor root, dirs, files in os.walk('.'):\n    if len(files) > 10: print(root, '>', len(files))\n" | head -20`),
  c(`uv run python -c "import torch; print(torch.__version__ > '2')" 2>&1`),
  c(`node -e 'require("fs").writeFileSync("out.json", "{}")'`, ["out.json"], {
    got: [],
    why: "files written by a program's own code are not visible in the command",
  }),
  c(`python3 -c "import numpy as np; a = np.ones(3); print((a > 0.5).sum(), a >= 1e-6)"; echo "exit $?"`),
  c(`echo '{"a": 1}' | python3 -m json.tool > formatted.json`, ["formatted.json"]),

  // Perl/ruby in place.
  c(`perl -pi -e 's/foo/bar/g' src/a.c src/b.c`, ["src/a.c", "src/b.c"]),
  c(`perl -i.bak -pe 's/\\r$//' script.sh`, ["script.sh"]),
  c(`perl -ne 'print if /x > y/' log.txt > filtered.txt`, ["filtered.txt"]),
  c(`ruby -pi -e 'gsub(/a/, "b")' Gemfile`, ["Gemfile"]),
  c(`perl -0pi -e 's/a\nb/c/' notes.txt`, ["notes.txt"]),
  c(`perl -0777 -i -pe 's/<!--.*?-->//gs' index.html`, ["index.html"]),
  c(`perl -Mstrict -lne 'print if length > 80' src/*.ts`),

  // Redirections.
  c(`npm test > /tmp/test.log 2>&1`, ["/tmp/test.log"]),
  c(`npm run build 2>/dev/null`),
  c(`make 2>&1 | tee build.log`, ["build.log"]),
  c(`ls -la &> listing.txt`, ["listing.txt"]),
  c(`./run.sh &>> run.log`, ["run.log"]),
  c(`echo x >| forced.txt`, ["forced.txt"]),
  c(`echo x >! zsh-forced.txt && echo y >>! zsh-appended.txt`, ["zsh-forced.txt", "zsh-appended.txt"]),
  c(`./check.sh >&2`),
  c(`echo "error: missing file" 1>&2; exit 1`),
  c(`exec 3>&1 4>&2`),
  c(`exec > >(tee -a session.log) 2>&1`, ["session.log"]),
  c(`echo hi >out.txt`, ["out.txt"]),
  c(`echo hi>out2.txt`, ["out2.txt"]),
  c(`./job 2>err.txt >out.txt`, ["err.txt", "out.txt"]),
  c(`sort < in.txt > sorted.txt`, ["sorted.txt"]),
  c(`echo "a > b"`),
  c(`echo 'x >> y' | grep '>'`),
  c(`echo a\\>b`),
  c(`printf '%s\\n' "$X" > "$OUT"`),
  c(`echo x > "$HOME/.zshrc.bak"`, ["/home/u/.zshrc.bak"]),
  c(`echo 'source ~/.cargo/env' >> \${HOME}/.profile`, ["/home/u/.profile"]),
  c(`echo "export PATH=\\$HOME/bin:\\$PATH" >> ~/.bashrc`, ["/home/u/.bashrc"]),
  c(`diff <(sort a.txt) <(sort b.txt) > diff.txt`, ["diff.txt"]),
  c(`cat file.txt > /dev/stdout`),
  c(`echo 3 | sudo tee /proc/sys/vm/drop_caches`),
  c(`ls *.ts > files-$(date +%s).txt`),
  c(`for f in src/*.ts; do wc -l "$f"; done > counts.txt`, ["counts.txt"]),
  c(`while read -r line; do echo "$line" >> out.txt; done < input.txt`, ["out.txt"]),
  c(`if [ -f .env ]; then cp .env .env.bak; fi`, [".env.bak"]),
  c(`[[ "$a" > "$b" ]] && echo yes > cmp.txt`, ["cmp.txt"]),
  c(`[[ -n "$x" && "$x" > "m" ]] || echo no`),
  c(`(( count > 5 )) && echo many`),
  c(`echo $(( 3 > 2 )) > bool.txt`, ["bool.txt"]),
  c(`test -d build || mkdir build`),
  c(`echo done > ~/Desktop/My\\ Notes/done.txt`, ["/home/u/Desktop/My Notes/done.txt"]),
  c(`echo x > 'dir with space/f.txt'`, ["dir with space/f.txt"]),
  c(`echo x > "~/literal"`, ["~/literal"]),
  c(`: > empty.log`, ["empty.log"]),
  c(`> truncate-me.txt`, ["truncate-me.txt"]),
  c(`echo {a,b}.txt > list`, ["list"]),
  c(`cat a.txt | jq . > pretty.json`, ["pretty.json"]),
  c(`curl -s https://api.example.com/v1?a=1 > resp.json`, ["resp.json"]),
  c(`echo 'it'"'"'s' > q.txt`, ["q.txt"]),
  c(`echo $'a\\tb > c' > tabs.txt`, ["tabs.txt"]),
  c(`npm test -- --reporter=dot 2>&1 | grep -E "(pass|fail)" > summary.txt`, ["summary.txt"]),
  c(`# write the log > ignored.txt\necho ok > kept.txt`, ["kept.txt"]),
  c(`echo a#b > hash.txt`, ["hash.txt"]),
  c(`echo x > a.txt # and not > b.txt`, ["a.txt"]),
  c(`docker run --rm \\\n  -v $(pwd):/app \\\n  -w /app node:20 npm test > docker.log`, ["docker.log"]),
  c(`echo 'unterminated > x`),
  c(`echo "$(date) > started" > log.txt`, ["log.txt"]),
  c(`git commit -m 'feat: a > b' -m "body with ; and && and > x"`),
  c(`echo \`date\` > now.txt`, ["now.txt"]),
  c(`result=$(curl -s -o body.json -w "%{http_code}" http://localhost:8080)`, ["body.json"]),
  c(`echo x > ../sibling/file.txt`, ["/home/u/sibling/file.txt"]),
  c(`echo x > ./a/../b.txt`, ["b.txt"]),
  c(`git diff HEAD~1 > changes.patch`, ["changes.patch"]),
  c(`git show HEAD:src/a.ts > /tmp/a.orig.ts`, ["/tmp/a.orig.ts"]),
  c(`awk '$3 > 100 {print $1}' data.csv > big.txt`, ["big.txt"]),
  c(`jq '.items[] | select(.n > 2)' a.json > b.json`, ["b.json"]),
  c(`grep -E "a|b" file > matches.txt`, ["matches.txt"]),
  c(`{ echo a; echo b; } > grouped.txt`, ["grouped.txt"]),
  c(`if npm test; then echo pass > result; else echo fail > result; fi`, ["result"]),
  c(`case "$1" in start) touch started;; stop) rm -f started;; esac`, ["started"]),
  c(`f() { echo x > inside.txt; }; f`, ["inside.txt"]),
  c(`for i in 1 2 3; do echo $i > "out$i.txt"; done`),
  c(`docker compose up -d && docker compose logs --tail=50 > compose.log`, ["compose.log"]),
  c(`python3 scripts/gen.py --out data/ > gen.log`, ["gen.log"]),
  c(`echo "// header" >> src/index.ts && npx prettier --write src/index.ts`, ["src/index.ts"]),
  c(`awk -F, '{ if ($2 > 5) print > "high.txt" }' in.csv`, ["high.txt"], { got: [], why: "awk's own redirections are awk code" }),

  // Plain commands that write nothing (see the decisions above).
  c(`rm -f old.txt && git rm --cached secrets.env`),
  c(`git checkout -- src/a.ts && git restore --staged b.ts`),
  c(`git apply fix.patch && git stash pop`),
  c(`unzip -o archive.zip -d vendor/`),
  c(`chmod +x scripts/deploy.sh && ./scripts/deploy.sh`),
  c(`curl -s -D headers.txt -c cookies.txt https://example.com`),
  c(`exec 9<> /tmp/app.lock`),
  c(`npm install && npx prettier --write "src/**/*.ts"`),
  c(`touch ~other/notes.txt`),
  c(`[[ -f tee ]] && echo found`),
  c(`cd web && npm test 2>&1 | tail -5`),
  c(`git stash && git checkout main && git pull --rebase`),
  c(`git log --oneline -20 | cat`),
  c(`npm install && npm run build 2>&1 | tail -20`),
  c(`ls -la src/ | grep ".ts" | wc -l`),
  c(`find . -name "*.log" -mtime +7 -delete`),
  c(`npx tsc --noEmit 2>&1 | head -50`),
  c(`mkdir -p build`),
  c(`rm -rf dist && npm run build`),
  c(`ssh deploy@host "echo x > remote.txt"`),
  c(`docker exec web sh -c "echo x > /tmp/in-container"`),
  c(`vim file.txt`),
  c(`cat package.json | grep '"version"'`),
  c(`cp a`),

  // cd inside the command.
  c(`cd frontend && npm run build > build.log 2>&1`, ["frontend/build.log"]),
  c(`cd /var/www && sudo touch index.html`, ["/var/www/index.html"]),
  c(`cd ~ && echo x > .hushlogin`, ["/home/u/.hushlogin"]),
  c(`cd && touch x`, ["/home/u/x"]),
  c(`cd $HOME/projects && touch y`, ["/home/u/projects/y"]),
  c(`cd "$(git rev-parse --show-toplevel)" && echo x > root.txt`, ["root.txt"], { got: [], why: "a directory from a command substitution is unknown" }),
  c(`cd /tmp && cd - && touch z`, ["z"]),
  c(`cd src; touch a.ts; cd ..; touch b.ts`, ["src/a.ts", "b.ts"]),
  c(`(cd lib && make > make.log) && echo ok > status`, ["lib/make.log", "status"]),
  c(`pushd build && cmake .. > cmake.log && popd && touch done`, ["build/cmake.log", "done"]),
  c(`cd "$DIR" && touch a && touch /abs/b`, ["/abs/b"]),
  c(`cd packages/core\nnpm test > test.out`, ["packages/core/test.out"]),
  c(`cd ../other-repo && git mv old.ts new.ts`, ["/home/u/other-repo/new.ts"]),
  c(`git -C packages/api mv src/a.ts src/b.ts`, ["packages/api/src/b.ts"]),
  c(`cd server && npm start > ../server.log 2>&1 &\nsleep 3; curl -s localhost:3000 > health.json`, ["server.log", "health.json"]),
  c(`cd /Users/me/My\\ Project && echo hi > notes.txt`, ["/Users/me/My Project/notes.txt"]),
  c(`cd "/home/u/Mission Control" && touch backgrounds`, ["/home/u/Mission Control/backgrounds"]),

  // tee, touch, truncate.
  c(`echo "x" | tee -a log.txt`, ["log.txt"]),
  c(`echo 'deb http://x stable main' | sudo tee /etc/apt/sources.list.d/x.list > /dev/null`, ["/etc/apt/sources.list.d/x.list"]),
  c(`npm test 2>&1 | tee >(grep FAIL > failures.txt) | tail`, ["failures.txt"]),
  c(`echo x | tee`),
  c(`touch a.ts b.ts`, ["a.ts", "b.ts"]),
  c(`touch -t 202401010000 stamp`, ["stamp"]),
  c(`touch -r ref.txt target.txt`, ["target.txt"]),
  c(`mkdir -p src/utils && touch src/utils/index.ts`, ["src/utils/index.ts"]),
  c(`truncate -s 0 app.log`, ["app.log"]),
  c(`touch ~/Library/Mission\\ Control/backgrounds`, ["/home/u/Library/Mission Control/backgrounds"]),

  // cp, mv, install, ln, rsync, git mv: the destination (a directory stays as written).
  c(`cp .env.example .env`, [".env"]),
  c(`cp -r template/ new-project/`, ["new-project"]),
  c(`cp src/*.ts backup/`, ["backup"]),
  c(`cp -t dist/ a.js b.js`, ["dist"]),
  c(`cp --target-directory=out a b`, ["out"]),
  c(`mv old.ts new.ts && git add new.ts`, ["new.ts"]),
  c(`mv -f "file one.txt" "file two.txt"`, ["file two.txt"]),
  c(`mv ~/Downloads/report.pdf ./docs/`, ["docs"]),
  c(`cp ~/Pictures/Mission\\ Control/backgrounds/a.png ~/Desktop/Mission\\ Control/`, ["/home/u/Desktop/Mission Control"]),
  c(`cp -R ~/Library/Application\\ Support/Code/User/settings.json backup-settings.json`, ["backup-settings.json"]),
  c(`install -m 755 build/tool ~/.local/bin/tool`, ["/home/u/.local/bin/tool"]),
  c(`install -d /usr/local/share/app`),
  c(`ln -sf ../shared/config.json config.json`, ["config.json"]),
  c(`rsync -av --exclude node_modules ./ ../backup/`, ["/home/u/backup"]),
  c(`rsync -avz dist/ deploy@host:/var/www/`),
  c(`sudo cp nginx.conf /etc/nginx/nginx.conf && sudo systemctl reload nginx`, ["/etc/nginx/nginx.conf"]),
  c(`mv "$f" "\${f%.js}.ts"`),
  c(`git mv -f src/Old.tsx src/New.tsx`, ["src/New.tsx"]),
  c(`cp file.txt{,.bak}`, ["file.txt.bak"]),
  c(`mv src/{old,new}.ts`, ["src/new.ts"]),
  c(`touch docs/{api,guide}.md`, ["docs/api.md", "docs/guide.md"]),
  c(`echo x > out{1,2}.txt`),
  c(`touch {a..c}.txt`, ["a.txt", "b.txt", "c.txt"]),
  c(`for i in {1..3}; do echo $i; done > seq.txt`, ["seq.txt"]),

  // sed -i.
  c(`sed -i 's/foo/bar/g' src/app.ts`, ["src/app.ts"]),
  c(`sed -i.bak 's/a/b/' conf.ini`, ["conf.ini"]),
  c(`sed -i '' 's/localhost/0.0.0.0/' config.yml`, ["config.yml"]),
  c(`sed -i -e 's/a/b/' -e 's/c/d/' a.txt b.txt`, ["a.txt", "b.txt"]),
  c(`sed --in-place 's/x/y/' README.md`, ["README.md"]),
  c(`sed -n '1,20p' file.ts`),
  c(`sed 's/a > b/c/' in.txt > out.txt`, ["out.txt"]),
  c(`sed -E -i 's/v[0-9]+/v2/' package.json`, ["package.json"]),
  c(`find . -name "*.ts" -exec sed -i 's/old/new/g' {} +`),
  c(`grep -rl "oldName" src | xargs sed -i 's/oldName/newName/g'`),
  c(`sed -i "s|/usr/local|$HOME|" ~/.config/x.conf`, ["/home/u/.config/x.conf"]),
  c(`gsed -i 's/a/b/' f.txt`, ["f.txt"]),
  c(`sed -f fix.sed -i data.txt`, ["data.txt"]),
  c(`sed -ie 's/a/b/' gnu.txt`, ["gnu.txt"]),
  c(`sed -i "/^DEBUG=/d" .env && cat .env`, [".env"]),

  // dd, curl, wget, tar, zip.
  c(`dd if=/dev/zero of=disk.img bs=1M count=10`, ["disk.img"]),
  c(`curl -fsSL https://example.com/install.sh -o install.sh`, ["install.sh"]),
  c(`curl -L --output ~/Downloads/file.zip https://x.example/file.zip`, ["/home/u/Downloads/file.zip"]),
  c(`curl -s -X POST -H "Content-Type: application/json" -d '{"a": "b > c"}' http://localhost:3000/api`),
  c(`curl -sSLo out.json https://api.example.com`, ["out.json"]),
  c(`curl -O https://example.com/dl/a.tar.gz`, ["a.tar.gz"]),
  c(`curl -fsSLO "https://example.com/v1/tool-linux.zip?sig=1"`, ["tool-linux.zip"]),
  c(`wget -q -O /tmp/x.tar.gz https://x.example/x.tar.gz`, ["/tmp/x.tar.gz"]),
  c(`wget -qO- https://x.example/install.sh | bash`),
  c(`curl -o "$OUT" https://x.example`),
  c(`tar -czf backup.tar.gz src/`, ["backup.tar.gz"]),
  c(`tar czf release.tgz dist`, ["release.tgz"]),
  c(`tar -xzf archive.tar.gz -C /tmp/extract`),
  c(`zip -r site.zip public/ -x "*.map"`, ["site.zip"]),

  // Prefixes: assignments and wrappers.
  c(`NODE_ENV=production npm run build > build.log`, ["build.log"]),
  c(`env FOO=1 BAR=2 touch marker`, ["marker"]),
  c(`time npm test > /dev/null`),
  c(`nohup python server.py > server.out 2>&1 &`, ["server.out"]),
  c(`timeout 30 npm test | tee t.log`, ["t.log"]),
  c(`sudo -u postgres touch /var/lib/pg/x`, ["/var/lib/pg/x"]),
  c(`echo a.txt b.txt | xargs touch`, ["a.txt", "b.txt"], { got: [], why: "xargs reads its arguments from stdin" }),
  c(`ls *.log | xargs -I{} cp {} archive/`, ["archive"]),
  c(`command touch forced`, ["forced"]),
  c(`time -p make > make.out`, ["make.out"]),

  // sh -c / bash -c: the script is shell.
  c(`bash -c "echo hi > from-bash.txt"`, ["from-bash.txt"]),
  c(`sh -c 'cd /opt/app && ./build > build.log'`, ["/opt/app/build.log"]),
  c(`bash -lc 'touch $HOME/x'`, ["/home/u/x"]),
  c(`bash -c 'cd /tmp' && touch here`, ["here"]),
];
