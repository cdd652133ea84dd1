from followthrough.cli.entry import main

main()
