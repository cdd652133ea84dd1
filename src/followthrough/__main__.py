from followthrough.cli.main import main

main()
