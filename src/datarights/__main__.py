from datarights.cli.main import main

main()
