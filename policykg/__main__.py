from policykg.api.cli import main

raise SystemExit(main())
