from opentok.cli.main import main

raise SystemExit(main())
