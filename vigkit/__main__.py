from vigkit.cli import main

raise SystemExit(main())
