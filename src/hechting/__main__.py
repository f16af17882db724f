from hechting.cli import main

raise SystemExit(main())
